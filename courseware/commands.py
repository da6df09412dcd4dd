"""The one way the project's command lines run a parsed command.

`course`, `python -m autograder.github` and `python -m autograder.gradescope` all exit 0 on
success, 1 when a check fails, and 2 with a one-line explanation when the input is wrong or a
service refused: never a traceback for a mistake a person can fix.
"""

import argparse
import sys
from collections.abc import Callable

from courseware.errors import CourseError

Handler = Callable[[argparse.Namespace], int]


def run_command(
    parser: argparse.ArgumentParser,
    argv: list[str] | None = None,
    *,
    before: Callable[[argparse.Namespace], None] | None = None,
    name: str | None = None,
) -> int:
    """Parse `argv` and call the chosen subcommand's `handler` (set with `set_defaults`).

    `before` runs first with the parsed arguments (e.g. to restart without credentials);
    errors are prefixed with `name` (default: the parser's prog) and the subcommand.
    """
    arguments = parser.parse_args(argv)
    if before is not None:
        before(arguments)
    handler: Handler = arguments.handler
    try:
        return handler(arguments)
    except CourseError as error:
        print(f"{name or parser.prog} {arguments.command}: {error}", file=sys.stderr)
        return 2
