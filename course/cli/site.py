"""`course site build` / `check-leaks` / `check-html`: the course website and its checks."""

import argparse
import sys
from pathlib import Path

from course.site.build import build_site, check_leaks
from course.site.dates import SITE_DATE_VARIABLE, site_moment
from course.site.html_check import check_site
from course.site.secrets import INSTRUCTOR_BLOCK_KIND
from courseware.calendar import load_calendar
from courseware.errors import CourseError


def add_parser(commands: argparse._SubParsersAction) -> None:
    site = commands.add_parser(
        "site",
        help="build the course website, or check a built one for leaks or page defects",
        description="`build`: mkdocs build --strict (both checks included); `check-leaks`; "
        "`check-html` (run-on lists, repeated titles, over-wide diagrams). With "
        "--instructors: the instructors' edition, which keeps the answer keys of the lessons "
        "(never publish it).",
    )
    site.add_argument("action", choices=["build", "check-leaks", "check-html"])
    site.add_argument(
        "--out", help="the site folder (default: site/, or site-instructors/ with --instructors)"
    )
    site.add_argument("--date", help="build or check as of this day (YYYY-MM-DD)")
    site.add_argument(
        "--instructors",
        action="store_true",
        help="build the instructors' edition, or check one (its answer keys are not leaks)",
    )
    site.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    if arguments.action == "build":
        out = Path(arguments.out).resolve() if arguments.out else None
        return build_site(out, arguments.date, instructors=arguments.instructors)
    if not arguments.out:
        raise CourseError(f"`course site {arguments.action}` needs --out SITE_DIR (a built site)")
    if not Path(arguments.out).is_dir():
        raise CourseError(f"no built site at {arguments.out}: run `course site build` first")
    if arguments.action == "check-html":
        findings = check_site(Path(arguments.out))
        for finding in findings:
            print(f"  {finding}", file=sys.stderr)
        print(f"{len(findings)} page defect(s) in {arguments.out}")
        return 1 if findings else 0
    environ = {SITE_DATE_VARIABLE: arguments.date} if arguments.date else {}
    moment = site_moment(load_calendar(), environ)
    leaks = check_leaks(Path(arguments.out), moment, instructors=arguments.instructors)
    for leak in leaks:
        print(f"  {leak}", file=sys.stderr)
    if any(leak.kind == INSTRUCTOR_BLOCK_KIND for leak in leaks):
        print(
            "  (answer keys of the lessons: if this is the instructors' edition, check it with "
            "--instructors, and never publish it)",
            file=sys.stderr,
        )
    print(f"{len(leaks)} leak(s) in {arguments.out}")
    return 1 if leaks else 0
