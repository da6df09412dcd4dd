"""`course worksheets ACTION [ASSIGNMENT]`: nbgrader's steps on `worksheets/`."""

import argparse
import sys
from pathlib import Path

from course.worksheets import catalogue, feedback, steps
from courseware.errors import CourseError

ACTIONS = ("generate", "release", "autograde", "feedback", "export", "check", "student-versions")


def add_parser(commands: argparse._SubParsersAction) -> None:
    worksheets = commands.add_parser(
        "worksheets",
        help="nbgrader worksheets: generate, release, autograde, feedback, export, check",
        description="Run nbgrader's steps on worksheets/ (see worksheets/README.md).",
    )
    worksheets.add_argument("action", choices=ACTIONS)
    worksheets.add_argument("assignment", nargs="?", help="e.g. hw02-sql")
    worksheets.add_argument("--out", help="student-versions, feedback: the folder to write them to")
    worksheets.add_argument("--to", help="export: the grades CSV to write")
    worksheets.add_argument(
        "--allow-unsandboxed",
        action="store_true",
        help="autograde even without bubblewrap (its output then says so)",
    )
    worksheets.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    action = arguments.action
    if action in ("release", "autograde", "feedback") and not arguments.assignment:
        raise CourseError(f"`course worksheets {action}` needs an assignment, e.g. hw02-sql")
    if action == "release":
        catalogue.worksheet(arguments.assignment)
        steps.release(arguments.assignment)
    elif action == "autograde":
        catalogue.worksheet(arguments.assignment)
        log = steps.autograde(arguments.assignment, allow_unsandboxed=arguments.allow_unsandboxed)
        print(log.rstrip())
        if log.startswith(steps.UNSANDBOXED_RUN):
            print(steps.UNSANDBOXED_RUN, file=sys.stderr)
    elif action == "feedback":
        if not arguments.out:
            raise CourseError("`course worksheets feedback` needs --out DIR")
        for path in feedback.write_feedback(arguments.assignment, Path(arguments.out)):
            print(path)
    elif action == "export":
        print(steps.export(to=Path(arguments.to) if arguments.to else None))
    elif action == "student-versions":
        if not arguments.out:
            raise CourseError("`course worksheets student-versions` needs --out DIR")
        for path in steps.release_student_versions(Path(arguments.out)):
            print(path)
    else:  # generate, check
        chosen = [arguments.assignment] if arguments.assignment else None
        problems = steps.generate(chosen) if action == "generate" else steps.check_worksheets()
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if problems:
            return 1
        print("Worksheets: no solution or hidden test in any student version.")
    return 0
