"""`course grade`, `grade-class`, `calibrate` and `gradescope`: the autograder's verbs."""

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path

from autograder.batch.run import grade_class
from autograder.gradescope.bundle import build_bundle
from autograder.grading.calibrate import calibrate
from autograder.grading.fuzz_app import FuzzRequest, fuzz_app
from autograder.grading.grade import grade_to_file
from autograder.grading.mutation import (
    TARGET,
    Outcome,
    grade_mutants,
    mutants_of,
    mutation_score,
    score_report,
    write_score,
)
from autograder.results.formats import FORMATS, write_result
from autograder.results.lateness import parse_moment
from autograder.spec import DEFAULT_APP, assignment_ids, load_assignment
from courseware.errors import CourseError

UNSANDBOXED_HELP = "grade even without bubblewrap (every report then says so)"
FUZZ_LOGIN_HELP = """\
Logging in: the fuzzer logs in once and sends the token with every request, so the
operations behind a login are fuzzed too. How, it reads from the app's OpenAPI document:
  an OAuth2 password flow (FastAPI's OAuth2PasswordBearer): a form to its tokenUrl,
    the token sent as Authorization: Bearer; --username and --password are enough;
  any other login: name it with --login PATH; it is posted as its operation takes its
    body (JSON: {"username", "password"}, or --login-body), and the token is the answer's
    access_token (or token) field, at any depth;
  an API key scheme on the Authorization header (RealWorld's Conduit): --token-prefix.
A login that fails, or a token the app then refuses, stops the fuzzer with what to fix.

  course fuzz DIR --username alice --password alice-password
  course fuzz solutions/conduit --app conduit.main:app --login /api/users/login \\
    --login-body '{"user": {"email": "alice@example.org", "password": "alice-password"}}' \\
    --token-prefix Token
"""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    grade = commands.add_parser(
        "grade",
        help="grade one submission folder",
        description="Run the assignment's contract suite (or mutants) against a submission.",
    )
    grade.add_argument("assignment", help="hw00 ... hw12, capstone or capstone-final")
    grade.add_argument("submission", help="the student's repository folder")
    grade.add_argument("--format", choices=list(FORMATS), default="table")
    grade.add_argument("--out", help="write the result to this file instead of the screen")
    grade.add_argument("--seed", type=int, help="the test data of an earlier grade (its `seed`)")
    grade.add_argument("--allow-unsandboxed", action="store_true", help=UNSANDBOXED_HELP)
    grade.add_argument("--student", help="whose work it is: the grade then counts late days "
                       "against that student's deadline (extensions included)")  # fmt: skip
    grade.add_argument("--submitted-at", metavar="TIME", help="when it was handed in, ISO 8601 "
                       "(default with --student: now)")  # fmt: skip
    grade.set_defaults(handler=run_grade)

    grade_class_parser = commands.add_parser(
        "grade-class",
        help="grade every student folder of a class, resumably",
        description="Grade CLASS_DIR/<student>/ for every student; rerun to resume.",
    )
    grade_class_parser.add_argument("assignment")
    grade_class_parser.add_argument("class_dir", help="one sub-folder per student")
    grade_class_parser.add_argument(
        "--out", required=True, help="results, gradebook.csv, report.html"
    )
    grade_class_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    grade_class_parser.add_argument(
        "--allow-unsandboxed", action="store_true", help=UNSANDBOXED_HELP
    )
    grade_class_parser.add_argument(
        "--handed-in",
        metavar="CSV",
        help="when each student handed in (columns student,submitted_at): the gradebook then "
        "counts late days against each student's deadline; kept as OUT/handed-in.csv",
    )
    grade_class_parser.add_argument(
        "--submitted-at",
        metavar="TIME",
        help="the hand-in time of every student --handed-in does not name (ISO 8601)",
    )
    grade_class_parser.set_defaults(handler=run_grade_class)

    calibrate_parser = commands.add_parser(
        "calibrate",
        help="check an assignment: reference full marks, starter fails, results repeat",
    )
    calibrate_parser.add_argument("assignment", nargs="?")
    calibrate_parser.add_argument("--all", action="store_true", help="every assignment")
    calibrate_parser.add_argument(
        "--mutation",
        action="store_true",
        help="grade every mutant of the homework's part of the reference and write the "
        "mutation score to the assignment's mutation.json",
    )
    calibrate_parser.add_argument(
        "--mutant",
        action="append",
        default=[],
        metavar="ID",
        help="with --mutation: grade only this mutant (repeatable); nothing is written",
    )
    calibrate_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    calibrate_parser.set_defaults(handler=run_calibrate)


def add_fuzz_parser(commands: argparse._SubParsersAction) -> None:
    fuzz = commands.add_parser(
        "fuzz",
        help="fuzz an app by its own OpenAPI document, in the sandbox",
        description="Start the app in DIR in the sandbox and send every operation schema-valid\n"
        "and schema-breaking requests; report each failure with a curl line that repeats it.",
        epilog=FUZZ_LOGIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    fuzz.add_argument("folder", help="the app's repository folder")
    fuzz.add_argument("--app", default=DEFAULT_APP, help="uvicorn's import path")
    fuzz.add_argument(
        "--login",
        metavar="PATH",
        help="the app's login operation (e.g. /api/auth/login, /api/users/login); default: "
        "the tokenUrl of its OAuth2 password flow",
    )
    fuzz.add_argument("--username", help="the user to log in as")
    fuzz.add_argument("--password", help="with --username")
    fuzz.add_argument(
        "--login-body",
        metavar="JSON",
        help="the login's JSON body, for a login that takes other fields than username and "
        "password (instead of --username and --password)",
    )
    fuzz.add_argument(
        "--token-prefix",
        metavar="WORD",
        help="the word before the token in its header (default Bearer; an API key scheme "
        "on Authorization, as RealWorld's, needs it said: Token)",
    )
    fuzz.add_argument("--examples", type=int, default=100, help="requests per check at most")
    fuzz.add_argument("--format", choices=list(FORMATS), default="table")
    fuzz.add_argument("--out", help="write the report to this file instead of the screen")
    fuzz.add_argument("--allow-unsandboxed", action="store_true", help=UNSANDBOXED_HELP)
    fuzz.set_defaults(handler=run_fuzz)


def run_fuzz(arguments: argparse.Namespace) -> int:
    request = FuzzRequest(
        arguments.app,
        arguments.login,
        arguments.username,
        arguments.password,
        arguments.examples,
        login_body=arguments.login_body,
        token_prefix=arguments.token_prefix,
    )
    result = fuzz_app(Path(arguments.folder), request, arguments.allow_unsandboxed)
    write_result(result, arguments.format, Path(arguments.out) if arguments.out else None)
    return 0 if result.score == result.max_score else 1


def add_gradescope_parser(commands: argparse._SubParsersAction) -> None:
    gradescope = commands.add_parser(
        "gradescope",
        help="an assignment's Gradescope autograder bundle (.zip)",
        description="Build setup.sh, run_autograder and the suites of one assignment as a zip.",
    )
    gradescope.add_argument("assignment", help="hw00 ... hw12, capstone or capstone-final")
    gradescope.add_argument("--out", required=True, help="the .zip file to write")
    gradescope.set_defaults(handler=run_gradescope)


def run_grade(arguments: argparse.Namespace) -> int:
    load_assignment(arguments.assignment)  # an unknown assignment is reported first
    submission = Path(arguments.submission)
    if not submission.is_dir():
        raise CourseError(f"no submission folder at {submission}")
    if arguments.submitted_at and not arguments.student:
        raise CourseError("--submitted-at needs --student: late days count against a deadline")
    handed_in = None
    if arguments.student:
        moment = arguments.submitted_at
        handed_in = (arguments.student, parse_moment(moment) if moment else datetime.now(UTC))
    result = grade_to_file(
        arguments.assignment,
        submission,
        arguments.format,
        Path(arguments.out) if arguments.out else None,
        seed=arguments.seed,
        allow_unsandboxed=arguments.allow_unsandboxed,
        handed_in=handed_in,
    )
    if arguments.out:
        score = f"{result.score:g}/{result.max_score:g}"
        print(f"{result.assignment} {result.submission}: {score} -> {arguments.out}")
    return 0


def run_grade_class(arguments: argparse.Namespace) -> int:
    if arguments.jobs < 1:
        raise CourseError("--jobs must be at least 1")
    out = Path(arguments.out)
    handed_in = Path(arguments.handed_in) if arguments.handed_in else None
    if handed_in is not None and not handed_in.is_file():
        raise CourseError(f"no hand-in times at {handed_in}: a CSV with student,submitted_at")
    everyone = parse_moment(arguments.submitted_at) if arguments.submitted_at else None
    results = grade_class(
        arguments.assignment,
        Path(arguments.class_dir),
        out,
        arguments.jobs,
        allow_unsandboxed=arguments.allow_unsandboxed,
        handed_in_file=handed_in,
        everyone_handed_in_at=everyone,
    )
    print(f"{len(results)} graded: {out / 'gradebook.csv'}, {out / 'report.html'}")
    return 0


def run_calibrate(arguments: argparse.Namespace) -> int:
    if arguments.all == bool(arguments.assignment):
        raise CourseError("name one assignment, or use --all")
    ids = assignment_ids() if arguments.all else [arguments.assignment]
    if arguments.mutation:
        contract = [i for i in ids if load_assignment(i).kind == "contract"]
        if not contract:
            raise CourseError("--mutation measures hidden suites: name a contract assignment")
        return max(run_mutation(i, arguments.jobs, arguments.mutant) for i in contract)
    if arguments.mutant:
        raise CourseError("--mutant goes with --mutation")
    failed = False
    for assignment_id in ids:
        problems = calibrate(assignment_id)
        failed |= bool(problems)
        print(f"{assignment_id}: {'ok' if not problems else 'PROBLEMS'}")
        for problem in problems:
            print(f"  {problem}")
    return 1 if failed else 0


def run_mutation(assignment_id: str, jobs: int, only: list[str]) -> int:
    assignment = load_assignment(assignment_id)
    mutants = mutants_of(assignment)
    if only:
        unknown = sorted(set(only) - {m.id for m in mutants})
        if unknown:
            raise CourseError(f"{assignment_id} has no mutant {', '.join(unknown)}")
        mutants = [m for m in mutants if m.id in only]
    done = 0

    def progress(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        where = f"{outcome.mutant.file}:{outcome.mutant.line}"
        print(f"[{done}/{len(mutants)}] {outcome.mutant.id} {where} {outcome.status}", flush=True)

    outcomes = grade_mutants(assignment, mutants, jobs=jobs, progress=progress)
    score = mutation_score(assignment, outcomes)
    print("\n".join(score_report(score)))
    if not only:
        print(f"written: {write_score(assignment, score)}")
    return 0 if only or score.score >= TARGET else 1


def run_gradescope(arguments: argparse.Namespace) -> int:
    bundle = build_bundle(arguments.assignment, Path(arguments.out))
    print(f"{arguments.assignment}: {bundle.files} files -> {bundle.path}")
    print(
        "Upload it on Gradescope (Configure Autograder -> Zip file upload, base image Ubuntu); "
        f"set the timeout to at least {bundle.timeout_minutes} minutes."
    )
    return 0
