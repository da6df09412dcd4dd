"""`python -m autograder.gradescope run --assignment ID`: what `run_autograder` calls."""

import argparse
import sys
from pathlib import Path

from autograder.gradescope.runner import run
from courseware.commands import run_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="grade one submission, as run_autograder does")
    run_parser.add_argument("--root", default="/autograder", help="Gradescope's /autograder")
    run_parser.add_argument("--assignment", required=True)
    run_parser.set_defaults(
        handler=lambda arguments: run(Path(arguments.root), arguments.assignment)
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_command(build_parser(), argv)


if __name__ == "__main__":
    sys.exit(main())
