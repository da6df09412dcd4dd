"""`course check-project DIR`: the machine checks of a team project, as a grade; and
`course grade-project MILESTONE TEAMS_DIR --out DIR`: a milestone for every team, with the
TA's rubric points (the logic is in `autograder.project`)."""

import argparse
from pathlib import Path

from autograder.project.check import FUZZ_EXAMPLES, check_project
from autograder.project.gradebook import grade_milestone
from autograder.results.formats import write_result

UNSANDBOXED_HELP = "run the team's code even without bubblewrap (the report then says so)"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check-project",
        help="the team project's machine checks, reported like a grade",
        description="Run a team project's tests, migrations, schema check, fuzzer and README "
        "commands in the sandbox; one row each. Exit 0 when every row passed, 1 otherwise.",
    )
    check.add_argument("folder", help="the team's repository folder")
    check.add_argument("--json", metavar="PATH", help="also write the result as JSON to PATH")
    check.add_argument(
        "--examples", type=int, default=FUZZ_EXAMPLES, help="fuzzer requests per check at most"
    )
    check.add_argument("--allow-unsandboxed", action="store_true", help=UNSANDBOXED_HELP)
    check.set_defaults(handler=run_check_project)

    grade = commands.add_parser(
        "grade-project",
        help="a team-project milestone for every team: gradebook, report, the TA's sheet",
        description="Check every TEAMS_DIR/<team>/ for one milestone: the machine items by "
        "`course check-project`, the TA's items pending until DIR/manual.csv gives their points.",
    )
    # Checked when the command runs (milestone_by_id names the known ids), never while the
    # parser is built: every `course` command builds it, and needs no milestones file.
    grade.add_argument("milestone", help="a milestone's id in lessons/project/milestones.toml")
    grade.add_argument("teams", help="one folder per team (its repository)")
    grade.add_argument("--out", required=True, help="where gradebook.csv, report.html and "
                       "manual.csv go")  # fmt: skip
    grade.add_argument("--allow-unsandboxed", action="store_true", help=UNSANDBOXED_HELP)
    grade.set_defaults(handler=run_grade_project)


def run_check_project(arguments: argparse.Namespace) -> int:
    result = check_project(
        Path(arguments.folder),
        allow_unsandboxed=arguments.allow_unsandboxed,
        examples=arguments.examples,
    )
    write_result(result, "table", None)
    if arguments.json:
        write_result(result, "json", Path(arguments.json))
    return 0 if result.score == result.max_score else 1


def run_grade_project(arguments: argparse.Namespace) -> int:
    out = Path(arguments.out)
    results = grade_milestone(
        arguments.milestone, Path(arguments.teams), out, arguments.allow_unsandboxed
    )
    for result in results:
        print(f"{result.submission}: {result.score:g}/{result.max_score:g}")
    print(f"-> {out / 'gradebook.csv'}, {out / 'report.html'}")
    return 0
