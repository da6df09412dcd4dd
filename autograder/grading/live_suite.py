"""Running a contract suite in the grader's own pytest against the submission's live app.

The suite is our copy of the week's visible tests plus the hidden ones; the app runs in the
sandbox (`autograder.live`); what comes back is one typed record per test.
"""

import json
import os
import resource
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from autograder.grading.context import RunContext
from autograder.live.mail import RELAY_SCRIPT
from autograder.live.messages import NOT_RUN_NO_APP
from autograder.live.postgres import GradingDatabase, grading_database
from autograder.live.records import ResultsFile, RunRecords, TestRecord
from autograder.results.model import TestResult, humanize
from autograder.sandbox import MOUNT_ROOT, Sandbox, random_secret
from autograder.spec import Assignment
from courseware.paths import REPO_ROOT
from courseware.render import RenderedFile, rendered, rendered_by_path, sends_mail, write_tree

PYTEST_INI = """\
[pytest]
testpaths = tests
python_files = test_*.py
addopts = -p no:cacheprovider
markers =
    homework(id): a homework's test
    points(weight): the test's weight
    visibility(level): visible, hidden or after_due_date
    given: passes on the untouched starter by design
"""


GRADER_MEMORY_GB = 4
# `total_seconds` is processor time of the grader's pytest; waiting (for an app that hangs, or
# on a starved machine) may take this many times as long before the run is stopped.
WALL_BACKSTOP = 2
# A check that runs out of time again alone, while the machine keeps it from a processor, is
# run again (with twice the time) at most this many times.
STARVED_RETRIES = 2


def build_contract_suite(assignment: Assignment, destination: Path) -> None:
    """Our copy of the week's visible tests (never the student's) plus the hidden suite."""
    files = [f for f in rendered(assignment.week, "reference") if f.relative.parts[0] == "tests"]
    if assignment.hidden_dir.is_dir():
        files += [
            RenderedFile(Path("tests") / path.name, path.read_bytes())
            for path in sorted(assignment.hidden_dir.glob("*.py"))
        ]
    files.append(RenderedFile(Path("pytest.ini"), PYTEST_INI.encode()))
    write_tree(files, destination)
    # Only the grader (root) reads the suite: where the student's app runs without bubblewrap,
    # as an unprivileged user, it cannot open the hidden tests.
    destination.chmod(0o700)


# The grader's own pytest runs isolated (`-I`): no environment variable, no current folder
# and no user site reach its `sys.path`, which holds only the interpreter's and the courseware's
# own folders, none of them writable by a submission.
GRADER_PYTEST = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from autograder.live.grader_pytest import main; sys.exit(main(sys.argv[1:]))"
)


def grader_folder(context: RunContext, name: str, mode: int = 0o700) -> Path:
    """A folder of the grader's in this grade's scratch space, never writable by the app."""
    folder = context.work / name
    folder.mkdir(mode=mode, exist_ok=True)
    folder.chmod(mode)
    return folder


def app_config(
    context: RunContext, submission: Path, uid: int, database: GradingDatabase | None = None
) -> dict:
    """How `autograder.live.app.LiveApp` starts the app, as JSON for the grader's pytest: on
    a fresh SQLite file at every start, or on `database` (PostgreSQL) made empty again."""
    data = grader_folder(context, "data", 0o755)
    sample = data / "sample_data.sql"
    if not sample.exists():
        reference = rendered_by_path(context.assignment.week, "reference")
        sample.write_bytes(reference["sql/sample_data.sql"])
    runs = grader_folder(context, "app-runs", 0o755)
    sockets = grader_folder(context, "grader-sockets", 0o755)
    sandbox = Sandbox(submission, runs, context.assignment.limits.sandbox(), uid)
    inside_sample = f"{MOUNT_ROOT}/data/sample_data.sql" if sandbox.isolated else str(sample)
    config = {
        "submission": str(submission),
        "work_root": str(runs),
        "socket": str(sockets / f"app-{secrets.token_hex(8)}.sock"),
        "uid": uid,
        "limits": asdict(context.assignment.limits.sandbox()),
        "extra_ro": [[str(sample), inside_sample]] if sandbox.isolated else [],
        "python": sys.executable,
        "app": context.assignment.app,
        "startup_seconds": context.assignment.limits.startup_seconds,
        "app_env": {
            "SECRET_KEY": random_secret(),
            "SEED_SAMPLE_DATA": "true",
            "SAMPLE_DATA_FILE": inside_sample,
            # Real Argon2, at the lowest cost, so grading is fast and still checks hashing.
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST_KIB": "1024",
            "ARGON2_PARALLELISM": "1",
        },
    }
    if sends_mail(context.assignment.week):
        config["mail"] = mail_config(context, sandbox)
        config["extra_ro"] += config["mail"].pop("extra_ro")
    if database is not None:
        config["postgres"] = postgres_config(context, sandbox, database)
        config["extra_ro"] += config["postgres"].pop("extra_ro")
    return config


def postgres_config(context: RunContext, sandbox: Sandbox, database: GradingDatabase) -> dict:
    """The grade's PostgreSQL database: the relay's socket in a folder the app may reach
    (`autograder/live/postgres.py`), the role's password only in the grader's config."""
    sockets = grader_folder(context, "postgres-socket", 0o755)
    inside = f"{MOUNT_ROOT}/postgres" if sandbox.isolated else str(sockets)
    return {
        "database": database.as_config(),
        "socket_folder": str(sockets),
        "app_url": database.app_url(inside),
        "extra_ro": [[str(sockets), inside]] if sandbox.isolated else [],
    }


def mail_config(context: RunContext, sandbox: Sandbox) -> dict:
    """The grader's SMTP server: its socket in a folder the app may reach, the messages in
    one only the grader reads (`autograder/live/mail.py`)."""
    sockets = grader_folder(context, "mail-socket", 0o755)
    folder = grader_folder(context, "mail")
    mount = f"{MOUNT_ROOT}/mail"
    relay = f"{mount}/smtp_relay.py" if sandbox.isolated else str(RELAY_SCRIPT)
    inside_sockets = f"{mount}/socket" if sandbox.isolated else str(sockets)
    mounts = [[str(RELAY_SCRIPT), relay], [str(sockets), inside_sockets]]
    return {
        "socket": str(sockets / "smtp.sock"),
        "socket_inside": f"{inside_sockets}/smtp.sock",
        "relay_inside": relay,
        "folder": str(folder),
        "extra_ro": mounts if sandbox.isolated else [],
    }


def grader_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "LANG": "C.UTF-8",
    }


def grader_pytest(*arguments: str) -> list[str]:
    return [sys.executable, "-I", "-c", GRADER_PYTEST, str(REPO_ROOT), *arguments]


@dataclass
class LiveRun:
    tests: list[TestRecord]  # one per collected test, run or not
    notes: list[str]
    startup_error: str | None  # why the app never started, when it did not


def run_live_suite(context: RunContext, suite: Path) -> LiveRun:
    """Run `suite` in the grader's pytest against the submission's app.

    A check that fails on a time limit is run once more, alone, on a freshly started app
    (a second pytest run), and that second run's verdict counts: on a busy machine the first
    may have been starved, and a student is never blamed for the machine.
    """
    if context.assignment.database != "postgresql":
        return run_live_suite_on(context, suite, None)
    with grading_database() as (database, unavailable):
        run = run_live_suite_on(context, suite, database)
    if unavailable:
        run.notes.insert(0, unavailable)
    return run


def run_live_suite_on(
    context: RunContext, suite: Path, database: GradingDatabase | None
) -> LiveRun:
    """`run_live_suite` on SQLite (`database` None) or on the grade's PostgreSQL database."""
    started = time.monotonic()
    total = context.assignment.limits.total_seconds
    first, notes = run_grader_pytest(
        context, suite, "first", [str(suite / "tests")], total * WALL_BACKSTOP, database=database
    )
    seen = {record.id for record in first.tests}
    missing = [TestRecord.not_run(test) for test in first.collected if test.id not in seen]
    tests = [*first.tests, *missing]
    slow = [record.id for record in tests if record.timed_out]
    retried: dict[str, TestRecord] = {}
    # Alone on a fresh app; and again, with twice the time, while the machine starves it.
    todo, limit = slow, float(context.assignment.limits.test_seconds)
    for attempt in range(1 + STARVED_RETRIES):
        remaining = total * WALL_BACKSTOP - (time.monotonic() - started)
        if not todo or first.session.startup_error is not None or remaining <= 0:
            break
        again, _ = run_grader_pytest(
            context, suite, f"retry-{attempt}", todo, remaining,
            fresh_app=True, test_seconds=limit, database=database,
        )  # fmt: skip
        rerun = {r.id: replace(r, retried=True) for r in again.tests if r.id in todo}
        retried |= rerun
        todo = [i for i, r in rerun.items() if r.timed_out and r.starved]
        limit *= 2
    tests = [retried.get(record.id, record) for record in tests]
    final = {record.id: record for record in tests}
    blamed = [i for i in first.session.restarted_after if i in final and not final[i].passed]
    notes += first.session.notes + retry_notes(len(blamed), slow, retried)
    return LiveRun(tests, notes, first.session.startup_error)


def retry_notes(restarts: int, slow: list[str], retried: dict[str, TestRecord]) -> list[str]:
    """What the student is told of restarts and retries: the app is blamed only for what
    still failed when the check ran alone on a fresh app (`restarts` counts the restarts
    after such checks). The retries stop at the first check that runs out of time again."""
    cleared = [r for r in retried.values() if r.passed]
    notes = []
    if cleared:
        notes.append(
            f"The grading machine was busy: {len(cleared)} check(s) ran out of time, were run "
            "again alone on a freshly started app, and passed. Nothing is held against you."
        )
    starved = [r for r in retried.values() if r.timed_out and r.starved]
    if starved:
        notes.append(
            f"The grading machine was overloaded: {len(starved)} check(s) ran out of time "
            f"while your app waited up to {max(r.waited for r in starved):.0f} s for a "
            "processor, even when run again alone with more time. They count as failed for "
            "now, which says nothing about your code: grading again on a quieter machine gives "
            "them their verdict."
        )
    failed = len(slow) - len(cleared) - len(starved)
    if any(record.timed_out and not record.starved for record in retried.values()):
        notes.append(
            f"{failed} check(s) ran out of time, and a check run again alone on a freshly "
            "started app ran out of time again, so they count as failed: look for an endless "
            "loop or a blocking call."
        )
    elif failed > 0:
        notes.append(
            f"{failed} check(s) ran out of time and failed: look for an endless loop or a "
            "blocking call."
        )
    if restarts:
        notes.append(
            f"Your app stopped answering during the tests and was restarted {restarts} "
            "time(s); the tests that hung or crashed it failed."
        )
    return notes


def run_grader_pytest(
    context: RunContext,
    suite: Path,
    name: str,
    targets: list[str],
    timeout: float,
    *,
    fresh_app: bool = False,
    test_seconds: float | None = None,
    database: GradingDatabase | None = None,
) -> tuple[RunRecords, list[str]]:
    """One run of the grader's pytest on `targets` (the suite's folder, or node ids); with
    `fresh_app`, the app is restarted before every test but the first."""
    test_seconds = test_seconds or float(context.assignment.limits.test_seconds)
    private = grader_folder(context, "grader")
    config = app_config(context, context.copy_root, context.app_uid, database)
    config["test_seconds"] = test_seconds
    config["results"] = str(private / f"{name}-results.jsonl")
    config["hidden_files"] = sorted(p.name for p in context.assignment.hidden_dir.glob("*.py"))
    config["fresh_app_per_test"] = fresh_app
    # The suite's conftest reads its app's own variables: COURSEHUB_TEST_..., CONDUIT_TEST_...
    prefix = f"{context.assignment.package.upper()}_TEST"
    config["live_database_variable"] = f"{prefix}_LIVE_DATABASE"
    config_file = private / f"{name}-config.json"
    config_file.write_text(json.dumps(config))
    command = grader_pytest(
        # Whole values in a failed comparison: pytest's short form hides where they differ.
        "-q", "-o", "verbosity_assertions=2", "-p", "no:cacheprovider", "-p", "pytest_timeout",
        "-c", str(suite / "pytest.ini"), "--rootdir", str(suite), "--confcutdir", str(suite),
        f"--timeout={test_seconds:g}", "--timeout-method=signal",
        "--grader-config", str(config_file), *targets,
    )  # fmt: skip
    notes: list[str] = []
    try:
        completed = subprocess.run(
            command,
            cwd=suite,
            env=grader_env(private)
            | {
                f"{prefix}_BASE_URL": f"unix:{config['socket']}",
                # What the `db` fixture reads: on SQLite a copy of the app's database that
                # the suite's conftest refreshes before each read, never the file where the
                # app writes; on PostgreSQL the grade's database itself, over TCP.
                f"{prefix}_DATABASE_URL": database.url()
                if database
                else f"sqlite+aiosqlite:///{private / 'snapshot.db'}",
                f"{prefix}_SEED": str(context.seed),
            }
            | ({"COURSEHUB_TEST_MAILDIR": config["mail"]["folder"]} if "mail" in config else {}),
            capture_output=True,
            timeout=timeout,
            check=False,
            preexec_fn=lambda: limit_grader(context.assignment.limits.total_seconds),
        )
        if os.environ.get("COURSE_GRADER_DEBUG"):
            sys.stderr.write(completed.stdout.decode(errors="replace")[:8000])
        if completed.returncode == -signal.SIGXCPU:
            notes.append(
                f"Grading stopped after {context.assignment.limits.total_seconds:g} s of "
                "processor time, the limit for the whole submission (an app that answers "
                "enormous bodies costs the grader that time); the checks that had not run yet "
                "count as failed."
            )
    except subprocess.TimeoutExpired:
        notes.append(
            f"Grading stopped after {timeout:.0f} s of waiting: many checks hung, or the grading "
            "machine was overloaded (grading again tells which). The checks that had not run "
            "yet count as failed."
        )
    return ResultsFile(Path(config["results"])).read(), notes


def limit_grader(cpu_seconds: float) -> None:
    """The grader's own pytest reads whatever the student's app answers: an answer of many
    gigabytes must end that run (its finished rows are already written), not the machine.
    Its work is measured in processor time, which a busy machine does not stretch."""
    limit = GRADER_MEMORY_GB * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    seconds = int(cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))


def explain(record: TestRecord) -> str:
    """A failure in words a student can act on: the contract, then what their app did."""
    if record.message == NOT_RUN_NO_APP:
        return record.message  # the contract is not what went wrong
    contract = record.doc or humanize(record.name).capitalize()
    parts = [f"Expected: {contract.rstrip('.')}."]
    if record.step:
        parts.append(f"Failed at {record.step}.")
    if record.message:
        parts.append(record.message)
    if record.requests:
        method, path, status = record.requests[-1]
        parts.append(f"Your app answered {status} to {method} {path}.")
    return " ".join(parts)


def result_of(record: TestRecord, max_score: float, visibility: str) -> TestResult:
    """The row a student sees for one test's record."""
    passed = record.passed
    return TestResult(
        name=humanize(record.name),
        score=max_score if passed else 0.0,
        max_score=max_score,
        status="passed" if passed else "failed",
        output="" if passed else explain(record),
        visibility=visibility,
        given=record.given,
    )
