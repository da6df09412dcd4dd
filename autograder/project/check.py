"""`course check-project DIR`: the machine checks of a team project, reported like a grade.

Five rows, one point each, every one saying what to do when it fails:

- `tests`: its test suite passes (run in the sandbox with a time limit; the failing tests named);
- `entities`: the database its migrations create has at least three tables with primary keys,
  a foreign key between them, NOT NULL, UNIQUE and CHECK constraints (`schema`);
- `migrations`: `alembic upgrade head` on a fresh SQLite database, `downgrade base` leaves no
  table, `upgrade head` again gives the same schema;
- `fuzz`: its OpenAPI document, fuzzed against the running app (`autograder.fuzz`), draws no
  server error;
- `readme`: the README's run command serves the app and its test command runs the tests
  (`readme`, in the course's environment, without uv or the network).

The team's code runs as a submission's does: a safe copy, in the sandbox, as a leased uid.
"""

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from autograder.fuzz import FuzzTarget, fuzz_operations
from autograder.grading.fuzz_app import FuzzRequest, app_config
from autograder.grading.migration_check import quoted, run_steps, snapshot
from autograder.live.app import LiveApp
from autograder.project.layout import ProjectLayout, project_layout, project_settings
from autograder.project.readme import Command
from autograder.project.runs import RUN_SECONDS, TEST_SECONDS, ProjectRuns, Run
from autograder.project.schema import describe, missing_constraints, read_tables
from autograder.results.model import GradeResult, TestResult
from autograder.sandbox import (
    UNSANDBOXED,
    Limits,
    Sandbox,
    bubblewrap,
    scratch_folder,
    size_capped,
)
from autograder.submission import SubmissionError, safe_copy
from autograder.uids import leased_uids
from courseware.errors import CourseError

ROWS = {
    "tests": "its tests pass",
    "entities": "at least three entities with keys and constraints",
    "migrations": "its migrations apply from scratch, down to base and up again",
    "fuzz": "the fuzzer finds no server error",
    "readme": "its README's run and test commands work",
}
CHECKS = tuple(ROWS)
WORK_MB = 512
FUZZ_EXAMPLES = 25
# How schemathesis titles the failure of its `not_a_server_error` check.
SERVER_ERROR = "Server error"
DEFAULT_TESTS = Command("", ("-m", "pytest"))
FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)
PYTEST_EXITS = {
    2: "the run was interrupted, most often by an error while collecting the tests",
    3: "pytest itself failed",
    4: "pytest did not understand its command line",
    5: "no tests were collected: add tests as tests/test_*.py",
}
SHOWN_CHARS = 3000


@dataclass(frozen=True)
class Verdict:
    message: str  # what the team reads: what was found, and what to do when it failed
    passed: bool


def check_project(
    folder: Path,
    checks: Iterable[str] = CHECKS,
    allow_unsandboxed: bool = False,
    examples: int = FUZZ_EXAMPLES,
) -> GradeResult:
    """The rows of `checks` (ids of ROWS) for the project at `folder`."""
    wanted = [check for check in CHECKS if check in set(checks)]
    if not folder.is_dir():
        raise CourseError(f"no project folder at {folder}")
    project_settings(folder)  # refuses a folder that is not a project
    if bubblewrap() is None and not allow_unsandboxed:
        raise CourseError(UNSANDBOXED)
    with (
        scratch_folder() as scratch,
        size_capped(scratch / "runs", WORK_MB),
        leased_uids(1) as (uid,),
    ):
        scratch.chmod(0o755)
        (scratch / "runs").chmod(0o755)
        try:
            copy = safe_copy(folder, scratch / "project")
        except SubmissionError as error:
            raise CourseError(f"cannot check {folder}: {error}") from error
        layout = project_layout(copy.root)
        runs = ProjectRuns(copy.root, scratch / "runs", uid)
        verdicts = run_checks(wanted, layout, runs, examples)
    rows = [
        TestResult(ROWS[check], float(v.passed), 1, "passed" if v.passed else "failed", v.message)
        for check, v in verdicts.items()
    ]
    isolation = Sandbox(copy.root, scratch, Limits()).isolation
    notes = [layout_note(layout), *copy.notes]
    if not bubblewrap():
        notes.append(f"Sandbox: {isolation}.")
    passed = sum(1 for row in rows if row.status == "passed")
    return GradeResult("project", folder.resolve().name, passed, len(rows), rows, notes, isolation)


def run_checks(
    wanted: list[str], layout: ProjectLayout, runs: ProjectRuns, examples: int
) -> dict[str, Verdict]:
    verdicts: dict[str, Verdict] = {}
    tests_run = None
    if {"tests", "readme"} & set(wanted):
        tests_run = runs.tests(layout.commands.test or DEFAULT_TESTS)
    if "tests" in wanted:
        assert tests_run is not None
        verdicts["tests"] = tests_verdict(tests_run)
    if {"entities", "migrations"} & set(wanted):
        entities, migrations = schema_verdicts(layout, runs)
        if "entities" in wanted:
            verdicts["entities"] = entities
        if "migrations" in wanted:
            verdicts["migrations"] = migrations
    if "fuzz" in wanted:
        verdicts["fuzz"] = fuzz_verdict(layout, runs, examples)
    if "readme" in wanted:
        assert tests_run is not None
        verdicts["readme"] = readme_verdict(layout, runs, tests_run)
    return {check: verdicts[check] for check in wanted}


def layout_note(layout: ProjectLayout) -> str:
    commands = layout.commands
    found = [
        f"app {layout.app}" if layout.app else "no app",
        f"migrations {layout.alembic_ini}" if layout.alembic_ini else "no alembic.ini",
        f"run command `{commands.run.written}`" if commands.run else "no run command",
        f"test command `{commands.test.written}`" if commands.test else "no test command",
    ]
    return "Found: " + ", ".join(found) + "."


def tail(output: str, chars: int = SHOWN_CHARS) -> str:
    text = output.strip()
    return text if len(text) <= chars else "[...]\n" + text[-chars:]


def tests_verdict(run: Run) -> Verdict:
    ran = f"We ran `{run.command}` in a copy of your repository."
    last = run.output.strip().splitlines()[-1:] or ["no output"]
    if run.code == 0:
        return Verdict(f"{ran} {last[0].strip('= ')}", True)
    if run.code is None:
        return Verdict(f"{ran} It ran out of time ({TEST_SECONDS} s): {tail(run.output)}", False)
    if run.code == 1:
        failed = list(dict.fromkeys(FAILED_TEST.findall(run.output)))
        names = "\n".join(f"- {name}" for name in failed[:20]) or "(see the output below)"
        return Verdict(
            f"{ran} These tests failed; run them with `uv run pytest`, fix the code (or the "
            f"test), and commit:\n{names}\n\n{tail(run.output)}",
            False,
        )
    why = PYTEST_EXITS.get(run.code, f"it stopped with exit status {run.code}")
    return Verdict(f"{ran} The tests did not run: {why}.\n\n{tail(run.output)}", False)


def schema_verdicts(layout: ProjectLayout, runs: ProjectRuns) -> tuple[Verdict, Verdict]:
    """(entities, migrations): both read the database that `alembic upgrade head` made."""
    if layout.alembic_ini is None:
        problem = layout.problems["alembic"]
        missing = Verdict(problem[0].upper() + problem[1:] + ".", False)
        return Verdict(f"No database to inspect: {problem}.", False), missing
    sandbox = runs.sandbox(Limits())
    database = sandbox.work / "app.db"
    url = f"sqlite+aiosqlite:///{sandbox.inside('work')}/app.db"
    config = ["-c", layout.alembic_ini]
    ran = f"We ran Alembic on a fresh SQLite database (DATABASE_URL={url.split('///')[0]}///…)."
    failed = run_steps(sandbox, [[*config, "upgrade", "head"]], url)
    if not failed and not database.is_file():
        failed = (
            "`alembic upgrade head` made no database at DATABASE_URL: read the database's "
            "address from DATABASE_URL in migrations/env.py, as the course app does"
        )
    if failed:
        skipped = Verdict(f"Not checked: {failed} (see the migrations row).", False)
        return skipped, Verdict(f"{ran} {failed}.", False)
    try:
        tables = read_tables(database)
        first = snapshot(database).schema
    except (OSError, sqlite3.Error) as error:
        unreadable = Verdict(f"{ran} The database could not be read ({error}).", False)
        return unreadable, unreadable
    missing = missing_constraints(tables)
    found = describe(tables) or "(no tables)"
    if missing:
        lacking = "\n".join(f"- {what}" for what in missing)
        entities = Verdict(
            f"Your migrations make these tables:\n{found}\n\nStill missing:\n{lacking}", False
        )
    else:
        entities = Verdict(f"Your migrations make these tables:\n{found}", True)
    return entities, migrations_verdict(sandbox, config, url, database, first, ran)


def migrations_verdict(
    sandbox: Sandbox, config: list[str], url: str, database: Path, first: dict, ran: str
) -> Verdict:
    if failed := run_steps(sandbox, [[*config, "downgrade", "base"]], url):
        return Verdict(f"{ran} `upgrade head` worked; then {failed}.", False)
    left = sorted(snapshot(database).schema)
    if left:
        return Verdict(
            f"{ran} After `alembic downgrade base` these tables are still there: "
            f"{', '.join(left)}. Each migration's downgrade() must drop what its upgrade() "
            "made.",
            False,
        )
    if failed := run_steps(sandbox, [[*config, "upgrade", "head"]], url):
        return Verdict(f"{ran} Up and down worked; up again: {failed}.", False)
    again = snapshot(database).schema
    if again != first:
        changed = sorted(t for t in set(first) | set(again) if first.get(t) != again.get(t))
        return Verdict(
            f"{ran} Upgraded a second time, the schema differs from the first upgrade in "
            f"{', '.join(quoted(t) for t in changed)}: a downgrade() leaves something behind "
            "that the next upgrade() changes.",
            False,
        )
    return Verdict(
        f"{ran} `alembic upgrade head`, `downgrade base` and `upgrade head` again all worked, "
        f"and gave the same {len(first)} tables both times.",
        True,
    )


def fuzz_verdict(layout: ProjectLayout, runs: ProjectRuns, examples: int) -> Verdict:
    if layout.app is None:
        return Verdict(f"Not fuzzed: {layout.problems['app']}.", False)
    work = runs.runs / "fuzz"
    (work / "app-runs").mkdir(parents=True)
    work.chmod(0o755)
    request = FuzzRequest(app=layout.app, examples=examples)
    app = LiveApp(app_config(runs.project, work, runs.uid, request))
    try:
        if not app.start():
            return Verdict(app.startup_error or "Your app did not start.", False)
        assert app.base_url is not None
        try:
            results = list(fuzz_operations(FuzzTarget(app.base_url), examples))
        except Exception as error:  # a document schemathesis cannot read is the team's to fix
            return Verdict(
                f"Its OpenAPI document (GET /openapi.json) could not be fuzzed: {error}", False
            )
    finally:
        app.stop()
    server_errors = [f for _, f in results if f is not None and SERVER_ERROR in f.report]
    others = [label for label, f in results if f is not None and SERVER_ERROR not in f.report]
    fuzzed = (
        f"We started `uvicorn {layout.app}` on a fresh SQLite database and sent each of its "
        f"{len(results) // 2} operations up to {examples} schema-valid and {examples} "
        "schema-breaking requests."
    )
    advice = ""
    if others:
        advice = (
            f"\n\nNot counted here, but worth a look: {len(others)} answers that its OpenAPI "
            f"document does not promise ({', '.join(others[:10])}); `course fuzz DIR --app "
            f"{layout.app}` shows each with a curl line."
        )
    if not server_errors:
        return Verdict(f"{fuzzed} None was answered with a server error.{advice}", True)
    found = "\n\n".join(f"{f.operation}:\n{tail(f.report, 1500)}" for f in server_errors)
    return Verdict(
        f"{fuzzed} These operations answered with a server error (5xx); repeat each with its "
        f"curl line, and answer a 4xx for bad input instead:\n\n{found}{advice}",
        False,
    )


def readme_verdict(layout: ProjectLayout, runs: ProjectRuns, tests_run: Run) -> Verdict:
    commands = layout.commands
    how = (
        "a code block with the command that runs the app (`uv run python -m "
        f"{layout.package or '<package>'}`) and one with the command that runs its tests "
        "(`uv run pytest`)"
    )
    if commands.readme is None:
        return Verdict(f"There is no README.md: add one with {how}.", False)
    problems, said = [], []
    if commands.run is None:
        problems.append(f"{commands.readme} has no command that runs the app: add {how}")
    else:
        run = runs.app(commands.run)
        verdict = next(
            (line.removeprefix("probe: ") for line in reversed(run.output.splitlines())
             if line.startswith("probe: ")),
            "the run was stopped",
        )  # fmt: skip
        written = f"`{commands.run.written}` (run as `{run.command}`)"
        if run.code == 0:
            said.append(f"{written}: {verdict}.")
        else:
            problems.append(
                f"{written} did not serve the app within {RUN_SECONDS} s: {verdict}. It must "
                "work in a fresh clone, with no setting but the defaults.\n"
                + tail(run.output, 1500)
            )
    if commands.test is None:
        problems.append(
            f"{commands.readme} has no command that runs the tests: add `uv run pytest` in a "
            "code block"
        )
    else:
        written = f"`{commands.test.written}` (run as `{tests_run.command}`)"
        if tests_run.code in (0, 1):
            said.append(f"{written}: it ran the tests (whether they pass is the tests row).")
        else:
            why = PYTEST_EXITS.get(tests_run.code or 0, "it ran out of time or was stopped")
            problems.append(f"{written} did not run the tests: {why}.")
    if problems:
        return Verdict("\n".join([*problems, *said]), False)
    return Verdict("\n".join(said), True)
