"""The `course` command: one module per verb, each a thin layer over the code that does it.

Every subcommand exits 0 on success, 1 when a check fails, and 2 with a one-line explanation
when the input is wrong: never a traceback for a mistake a person made.
"""

import argparse

from course.cli import (
    contracts,
    deadlines,
    export,
    grading,
    project,
    render,
    serve,
    site,
    worksheets,
)
from courseware.commands import run_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Courseware tools: render starters, serve a week's app, grade, export.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    render.add_parser(commands)
    serve.add_parser(commands)
    grading.add_parsers(commands)
    export.add_parser(commands)
    grading.add_gradescope_parser(commands)
    grading.add_fuzz_parser(commands)
    project.add_parsers(commands)
    worksheets.add_parser(commands)
    site.add_parser(commands)
    contracts.add_parser(commands)
    deadlines.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_command(build_parser(), argv)
