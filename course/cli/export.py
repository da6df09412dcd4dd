"""`course export WEEK --out DIR`: a week's student repository, ready to push."""

import argparse
import os
import sys
from pathlib import Path

from course.export.repository import DEPLOYMENTS, export_week
from courseware.term import STARTER_WEEKS, parse_week, week_id


def add_parser(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser(
        "export",
        help="a week's student repository, ready to push",
        description="Write the week's starter, homework README, pinned pyproject, dev container "
        "and the workflows of one deployment (see autograder/DEPLOYMENTS.md).",
    )
    export.add_argument(
        "week",
        help=f"{week_id(STARTER_WEEKS[0])} ... {week_id(STARTER_WEEKS[-1])} (a week whose "
        "homework is graded)",
    )
    export.add_argument("--out", required=True, help="a new folder for the student repository")
    export.add_argument("--deployment", choices=list(DEPLOYMENTS), default="fork",
                        help="fork: one class repository students fork (default); classroom: "
                        "one repository per student, graded from a staff repository")  # fmt: skip
    export.add_argument("--grading-out", help="classroom: where the staff's grading repository "
                        "goes (default: next to --out, named <out>-grading)")  # fmt: skip
    export.add_argument("--site-url", help="the course website, for the README's links "
                        "(default: $COURSE_SITE_URL)")  # fmt: skip
    export.add_argument("--hold", action="append", default=[], metavar="HOMEWORK",
                        help="keep an earlier week's homework stubbed while its late work is "
                        "still coming in (repeatable), e.g. week-05 --hold hw03")  # fmt: skip
    export.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    week = parse_week(arguments.week)
    exported = export_week(
        week,
        Path(arguments.out),
        arguments.deployment,
        grading_out=Path(arguments.grading_out) if arguments.grading_out else None,
        site_url=arguments.site_url or os.environ.get("COURSE_SITE_URL") or None,
        held=frozenset(arguments.hold),
    )
    for warning in exported.warnings:
        print(f"course export: warning: {warning}", file=sys.stderr)
    print("\n".join(exported.lines))
    return 0
