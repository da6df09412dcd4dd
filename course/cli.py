"""The `course` command. Every subcommand exits 0 on success, 1 when a check fails, and 2 with
a one-line explanation when the input is wrong: never a traceback for a mistake a person made.
"""

import argparse
import os
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


def _grade(arguments: argparse.Namespace) -> int:
    from autograder.grade import grade_to_file
    from autograder.spec import load_assignment

    load_assignment(arguments.assignment)  # an unknown assignment is reported first
    submission = Path(arguments.submission)
    if not submission.is_dir():
        raise CourseError(f"no submission folder at {submission}")
    result = grade_to_file(
        arguments.assignment,
        submission,
        arguments.format,
        Path(arguments.out) if arguments.out else None,
    )
    if arguments.out:
        score = f"{result.score:g}/{result.max_score:g}"
        print(f"{result.assignment} {result.submission}: {score} -> {arguments.out}")
    return 0


def _grade_class(arguments: argparse.Namespace) -> int:
    from autograder.batch import grade_class

    if arguments.jobs < 1:
        raise CourseError("--jobs must be at least 1")
    out = Path(arguments.out)
    results = grade_class(arguments.assignment, Path(arguments.class_dir), out, arguments.jobs)
    print(f"{len(results)} graded: {out / 'gradebook.csv'}, {out / 'report.html'}")
    return 0


def _calibrate(arguments: argparse.Namespace) -> int:
    from autograder.grade import calibrate
    from autograder.spec import assignment_ids

    if arguments.all == bool(arguments.assignment):
        raise CourseError("name one assignment, or use --all")
    ids = assignment_ids() if arguments.all else [arguments.assignment]
    failed = False
    for assignment_id in ids:
        problems = calibrate(assignment_id)
        failed |= bool(problems)
        print(f"{assignment_id}: {'ok' if not problems else 'PROBLEMS'}")
        for problem in problems:
            print(f"  {problem}")
    return 1 if failed else 0


def _export(arguments: argparse.Namespace) -> int:
    from course.export import export_week

    exported = export_week(
        parse_week(arguments.week),
        Path(arguments.out),
        arguments.deployment,
        grading_out=Path(arguments.grading_out) if arguments.grading_out else None,
        site_url=arguments.site_url or os.environ.get("COURSE_SITE_URL") or None,
    )
    print(f"{week_id(parse_week(arguments.week))} ({arguments.deployment}) -> {exported.student}")
    if exported.grading:
        print(f"the staff's grading repository -> {exported.grading}")
    print("Push it as a new repository and mark it as a template; autograder/DEPLOYMENTS.md")
    print(f"has the set-up of the {arguments.deployment} deployment.")
    return 0


def _gradescope(arguments: argparse.Namespace) -> int:
    from autograder.gradescope import build_bundle

    bundle = build_bundle(arguments.assignment, Path(arguments.out))
    print(f"{arguments.assignment}: {bundle.files} files -> {bundle.path}")
    print(
        "Upload it on Gradescope (Configure Autograder -> Zip file upload, base image Ubuntu); "
        f"set the timeout to at least {bundle.timeout_minutes} minutes."
    )
    return 0


def _worksheets(arguments: argparse.Namespace) -> int:
    from course import worksheets

    action = arguments.action
    if action in ("release", "autograde") and not arguments.assignment:
        raise CourseError(f"`course worksheets {action}` needs an assignment, e.g. hw02-sql")
    if action == "release":
        worksheets.worksheet(arguments.assignment)
        worksheets.release(arguments.assignment)
    elif action == "autograde":
        worksheets.worksheet(arguments.assignment)
        worksheets.autograde(arguments.assignment)
    elif action == "export":
        print(worksheets.export(to=Path(arguments.to) if arguments.to else None))
    elif action == "student-versions":
        if not arguments.out:
            raise CourseError("`course worksheets student-versions` needs --out DIR")
        for path in worksheets.release_student_versions(Path(arguments.out)):
            print(path)
    else:  # generate, check
        chosen = [arguments.assignment] if arguments.assignment else None
        problems = (
            worksheets.generate(chosen) if action == "generate" else worksheets.check_worksheets()
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        if problems:
            return 1
        print("Worksheets: no solution or hidden test in any student version.")
    return 0


def _site(arguments: argparse.Namespace) -> int:
    from course import site
    from course.calendar import load_calendar

    if arguments.action == "build":
        return site.build_site(Path(arguments.out) if arguments.out else None, arguments.date)
    if not arguments.out:
        raise CourseError("`course site check-leaks` needs --out SITE_DIR (a built site)")
    if not Path(arguments.out).is_dir():
        raise CourseError(f"no built site at {arguments.out}: run `course site build` first")
    environ = {site.SITE_DATE_VARIABLE: arguments.date} if arguments.date else {}
    leaks = site.check_leaks(Path(arguments.out), site.site_moment(load_calendar(), environ))
    for leak in leaks:
        print(f"  {leak}", file=sys.stderr)
    print(f"{len(leaks)} leak(s) in {arguments.out}")
    return 1 if leaks else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Courseware tools: render starters, serve a week's app, grade, export.",
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

    grade = commands.add_parser(
        "grade",
        help="grade one submission folder",
        description="Run the assignment's contract suite (or mutants) against a submission.",
    )
    grade.add_argument("assignment", help="hw00 ... hw12 or capstone")
    grade.add_argument("submission", help="the student's repository folder")
    grade.add_argument("--format", choices=["table", "json", "gradescope", "junit", "markdown"],
                       default="table")  # fmt: skip
    grade.add_argument("--out", help="write the result to this file instead of the screen")
    grade.set_defaults(handler=_grade)

    grade_class = commands.add_parser(
        "grade-class",
        help="grade every student folder of a class, resumably",
        description="Grade CLASS_DIR/<student>/ for every student; rerun to resume.",
    )
    grade_class.add_argument("assignment")
    grade_class.add_argument("class_dir", help="one sub-folder per student")
    grade_class.add_argument("--out", required=True, help="results, gradebook.csv, report.html")
    grade_class.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    grade_class.set_defaults(handler=_grade_class)

    calibrate = commands.add_parser(
        "calibrate",
        help="check an assignment: reference full marks, starter fails, results repeat",
    )
    calibrate.add_argument("assignment", nargs="?")
    calibrate.add_argument("--all", action="store_true", help="every assignment")
    calibrate.set_defaults(handler=_calibrate)

    export = commands.add_parser(
        "export",
        help="a week's student repository, ready to push as a template",
        description="Write the week's starter, homework README, pinned pyproject, dev container "
        "and the workflows of one deployment (see autograder/DEPLOYMENTS.md).",
    )
    export.add_argument("week", help="week-01 ... week-06 (a week whose homework is graded)")
    export.add_argument("--out", required=True, help="a new folder for the student repository")
    export.add_argument("--deployment", choices=["fork", "classroom"], default="fork",
                        help="fork: one class repository students fork (default); classroom: "
                        "one repository per student, graded from a staff repository")  # fmt: skip
    export.add_argument("--grading-out", help="classroom: where the staff's grading repository "
                        "goes (default: next to --out, named <out>-grading)")  # fmt: skip
    export.add_argument("--site-url", help="the course website, for the README's links "
                        "(default: $COURSE_SITE_URL)")  # fmt: skip
    export.set_defaults(handler=_export)

    gradescope = commands.add_parser(
        "gradescope",
        help="an assignment's Gradescope autograder bundle (.zip)",
        description="Build setup.sh, run_autograder and the suites of one assignment as a zip.",
    )
    gradescope.add_argument("assignment", help="hw00 ... hw12 or capstone")
    gradescope.add_argument("--out", required=True, help="the .zip file to write")
    gradescope.set_defaults(handler=_gradescope)
    _add_content_commands(commands)
    return parser


def _add_content_commands(commands: argparse._SubParsersAction) -> None:
    worksheets = commands.add_parser(
        "worksheets",
        help="nbgrader worksheets: generate, release, autograde, export, check",
        description="Run nbgrader's steps on worksheets/ (see worksheets/README.md).",
    )
    worksheets.add_argument(
        "action",
        choices=["generate", "release", "autograde", "export", "check", "student-versions"],
    )
    worksheets.add_argument("assignment", nargs="?", help="e.g. hw02-sql")
    worksheets.add_argument("--out", help="student-versions: the folder to write them to")
    worksheets.add_argument("--to", help="export: the grades CSV to write")
    worksheets.set_defaults(handler=_worksheets)

    site = commands.add_parser(
        "site",
        help="build the course website, or check a built one for leaks",
        description="`build`: mkdocs build --strict (leak check included); `check-leaks`.",
    )
    site.add_argument("action", choices=["build", "check-leaks"])
    site.add_argument("--out", help="the site folder (default: site/)")
    site.add_argument("--date", help="build or check as of this day (YYYY-MM-DD)")
    site.set_defaults(handler=_site)


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except CourseError as error:
        print(f"course {arguments.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
