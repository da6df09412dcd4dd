"""`course render`: write, check or render the week starters from `solutions/`."""

import argparse
import sys
from pathlib import Path

from courseware.errors import CourseError
from courseware.paths import REPO_ROOT
from courseware.render import check_held, render_week, stale_files, starter_path
from courseware.term import STARTER_WEEKS, parse_week, week_id


def add_parser(commands: argparse._SubParsersAction) -> None:
    render = commands.add_parser(
        "render",
        help="render week starters (or a week's reference) from solutions/",
        description="Rewrite starter/week-NN from solutions/, check them, or render a reference.",
    )
    render.add_argument("--week", help="one week (week-04, 04 or 4); default: every starter")
    render.add_argument("--check", action="store_true", help="fail if a committed starter is stale")
    render.add_argument("--reference", action="store_true", help="render the week's reference")
    render.add_argument("--out", help="write into this folder instead of starter/week-NN")
    render.add_argument(
        "--hold",
        action="append",
        default=[],
        metavar="HOMEWORK",
        help="keep an earlier week's homework stubbed (repeatable), e.g. --week 05 --hold hw03 "
        "while HW3's late work is still coming in",
    )
    render.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    if arguments.reference and arguments.check:
        raise CourseError("--check compares the committed starters; it cannot take --reference")
    if arguments.out and arguments.week is None:
        raise CourseError("--out needs --week: say which week to render")
    weeks = [parse_week(arguments.week)] if arguments.week else list(STARTER_WEEKS)
    mode = "reference" if arguments.reference else "starter"
    if arguments.hold and not (arguments.week and arguments.out):
        raise CourseError(
            "--hold renders a starter for publishing: give --week and --out DIR "
            "(starter/week-NN always holds the full starter that --check compares)"
        )
    held = check_held(weeks[0], mode, arguments.hold) if arguments.hold else frozenset()

    if arguments.check:
        problems = [problem for week in weeks for problem in stale_files(week)]
        if problems:
            print("Starters are out of date with solutions/:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            print("Run `uv run course render` and commit the result.", file=sys.stderr)
            return 1
        print(f"Starters up to date: {', '.join(week_id(week) for week in weeks)}")
        return 0

    for week in weeks:
        if arguments.out:
            destination = Path(arguments.out)
        elif arguments.reference:
            raise CourseError("--reference needs --out DIR (references are not committed)")
        elif week not in STARTER_WEEKS:
            raise CourseError(f"{week_id(week)} has no starter yet; use --reference --out DIR")
        else:
            destination = starter_path(week)
        render_week(week, mode, destination, held)
        shown = destination.resolve()
        if shown.is_relative_to(REPO_ROOT):
            shown = shown.relative_to(REPO_ROOT)
        holding = f" ({', '.join(sorted(held))} still stubbed)" if held else ""
        print(f"{week_id(week)} {mode}{holding} -> {shown}")
    return 0
