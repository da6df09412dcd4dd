"""The `course` command. Every subcommand exits 0 on success, 1 when a check fails, and 2 with
a one-line explanation when the input is wrong: never a traceback for a mistake a person made.
"""

import argparse
import sys
from pathlib import Path

from course.errors import CourseError
from course.term import REPO_ROOT, STARTER_WEEKS, parse_week, week_id


def _render(arguments: argparse.Namespace) -> int:
    from course.render import render_week, stale_files, starter_path

    if arguments.reference and arguments.check:
        raise CourseError("--check compares the committed starters; it cannot take --reference")
    if arguments.out and arguments.week is None:
        raise CourseError("--out needs --week: say which week to render")
    weeks = [parse_week(arguments.week)] if arguments.week else list(STARTER_WEEKS)
    mode = "reference" if arguments.reference else "starter"

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
        render_week(week, mode, destination)
        shown = destination.resolve()
        if shown.is_relative_to(REPO_ROOT):
            shown = shown.relative_to(REPO_ROOT)
        print(f"{week_id(week)} {mode} -> {shown}")
    return 0


def _serve(arguments: argparse.Namespace) -> int:
    from course.serve import serve

    return serve(
        parse_week(arguments.week),
        starter=arguments.starter,
        host=arguments.host,
        port=arguments.port,
        uds=arguments.uds,
        reload=arguments.reload,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course", description="Courseware tools: render starters, serve a week's app."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    render = commands.add_parser(
        "render",
        help="render week starters (or a week's reference) from solutions/",
        description="Rewrite starter/week-NN from solutions/, check them, or render a reference.",
    )
    render.add_argument("--week", help="one week (week-04, 04 or 4); default: every starter")
    render.add_argument("--check", action="store_true", help="fail if a committed starter is stale")
    render.add_argument("--reference", action="store_true", help="render the week's reference")
    render.add_argument("--out", help="write into this folder instead of starter/week-NN")
    render.set_defaults(handler=_render)

    serve = commands.add_parser(
        "serve",
        help="run a week's app on SQLite with sample data",
        description="Run a week's reference (or its starter) with docs at /docs.",
    )
    serve.add_argument("week", help="week-01 ... week-15")
    serve.add_argument("--starter", action="store_true", help="serve the committed starter")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--uds", help="serve on a Unix socket instead of host:port")
    serve.add_argument("--reload", action="store_true", help="restart on code changes")
    serve.set_defaults(handler=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except CourseError as error:
        print(f"course {arguments.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
