"""Grading a migration (HW11 on): the student's migrations run on a copy of a database of the
week before, full of data, and the grader reads the tables itself.

`upgrades_from_week = 11` in assignment.toml asks for it. The grader builds that database with
the earlier week's reference (its tables, the sample data and more rows), then runs Alembic in
the sandbox three times on a copy of it, each time with the student's code:
`stamp` the baseline and `upgrade head`, `downgrade -1`, `upgrade head` again. After each step
it reads the database file (never a word the student's code prints) and compares it with what
the week's reference makes of the same database: every table, column and row the same. So no
row may be lost, the downgrade must give back the earlier schema, and the schema upgraded
again must be the reference's. Last, `alembic check` (autogenerate, with the student's models)
must find nothing to generate: the migrations and the models describe the same schema.
"""

import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.context import RunContext
from autograder.grading.live_suite import grader_folder
from autograder.live.records import TestRecord
from autograder.sandbox import Sandbox, hex_folder
from courseware.render import rendered, write_tree

# The revision that holds exactly the tables of the weeks before migrations.
BASELINE = "0001"
MAX_DATABASE_BYTES = 64 * 2**20
STEP_SECONDS = 60

# Run in a week's reference (our code): its tables and sample data, then rows in every table
# that the sample data leaves nearly empty, so a lost row cannot hide.
BUILD_SCRIPT = """
import asyncio, sys
from sqlalchemy import text
from coursehub.core.config import Settings
from coursehub.core.database import make_engine
from coursehub.startup import create_tables, load_sample_data

MORE = [
    "INSERT INTO courses (code, title, description, credits) VALUES "
    "('MIG-{n:03d}', 'Kept course {n}', 'Row {n} of the migration check', 3)",
    "INSERT INTO study_groups (name, description, course_id, created_by_id) SELECT "
    "'Kept group {n}', 'Row {n}', courses.id, users.id FROM courses, users "
    "WHERE courses.code = 'MIG-{n:03d}' AND users.username = 'alice'",
    "INSERT INTO memberships (user_id, group_id) SELECT users.id, study_groups.id "
    "FROM users, study_groups WHERE users.username IN ('alice', 'bob') "
    "AND study_groups.name = 'Kept group {n}'",
    "INSERT INTO notes (group_id, owner_id, title, body) SELECT study_groups.id, users.id, "
    "'Kept note {n}', 'Body of note {n}: it must survive every migration.' "
    "FROM study_groups, users WHERE study_groups.name = 'Kept group {n}' "
    "AND users.username = 'bob'",
]

async def main() -> None:
    engine = make_engine(sys.argv[1])
    await create_tables(engine)
    await load_sample_data(engine, Settings().sample_data_file)
    async with engine.begin() as connection:
        for n in range(1, 13):
            for statement in MORE:
                await connection.execute(text(statement.format(n=n)))
    await engine.dispose()

asyncio.run(main())
"""

Schema = dict[str, list[tuple[str, str, int, int]]]
Rows = dict[str, list[tuple]]


@dataclass(frozen=True)
class Snapshot:
    """What a database holds, read by the grader: each table's columns and rows."""

    schema: Schema
    rows: Rows


def readable_copy(database: Path) -> Path:
    """A copy of `database` beside it for the grader to read: a regular file of sane size,
    opened without following a link, so a student's step that left a link or a pipe there
    cannot mislead the reader."""
    copy = database.with_name(database.name + ".read")
    descriptor = os.open(database, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_DATABASE_BYTES:
            raise OSError("the database is not a plain file of sane size")
        copy.write_bytes(handle.read(MAX_DATABASE_BYTES))
    return copy


def snapshot(database: Path) -> Snapshot:
    """What a copy of `database` holds (`readable_copy`)."""
    copy = readable_copy(database)
    connection = sqlite3.connect(copy)
    try:
        tables = sorted(
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name != "alembic_version" and not name.startswith("sqlite_")
        )
        schema: Schema = {}
        rows: Rows = {}
        for table in tables:
            columns = connection.execute(f"PRAGMA table_info({quoted(table)})").fetchall()
            schema[table] = sorted((c[1], str(c[2]).upper(), c[3], c[5]) for c in columns)
            names = ", ".join(quoted(name) for name, *_ in schema[table])
            select = f"SELECT {names} FROM {quoted(table)}"  # noqa: S608 (quoted identifiers)
            rows[table] = sorted(connection.execute(select).fetchall(), key=repr)
        return Snapshot(schema, rows)
    finally:
        connection.close()
        copy.unlink(missing_ok=True)


def quoted(identifier: str) -> str:
    """A table or column name as SQL, whatever the student's migration called it."""
    return '"' + identifier.replace('"', '""') + '"'


def seed_path(context: RunContext, week: int) -> Path:
    """Where this grade keeps the database of `week` with data."""
    return grader_folder(context, "data", 0o755) / f"week-{week:02d}.db"


def build_previous_week(context: RunContext, week: int) -> Path:
    """The database of `week` with data, made once per grade by that week's reference."""
    database = seed_path(context, week)
    if not database.exists():
        reference = grader_folder(context, f"reference-{week:02d}")
        write_tree(rendered(week, "reference"), reference)
        run_ours(reference, ["-c", BUILD_SCRIPT, f"sqlite+aiosqlite:///{database}"])
    return database


def run_ours(app: Path, arguments: list[str], database: Path | None = None) -> None:
    """Run our own reference code (no sandbox needed); a failure is the course's bug."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1"}
    if database is not None:
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{database}"
    done = subprocess.run(
        [sys.executable, *arguments], cwd=app, env=env, capture_output=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(done.stdout.decode() + done.stderr.decode())


STEPS = (
    ("upgraded", [["stamp", BASELINE], ["upgrade", "head"]]),
    ("downgraded", [["downgrade", "-1"]]),
    ("upgraded again", [["upgrade", "head"]]),
    # Autogenerate compares the student's models with the database their migrations made.
    ("checked", [["check"]]),
)


def reference_snapshots(context: RunContext, seed: Path) -> dict[str, Snapshot]:
    """What the week's reference makes of the seed database at each step."""
    reference = grader_folder(context, f"reference-{context.assignment.week:02d}")
    write_tree(rendered(context.assignment.week, "reference"), reference)
    database = hex_folder(grader_folder(context, "data", 0o755), "ours-") / "app.db"
    shutil.copy(seed, database)
    snapshots = {}
    for name, commands in STEPS:
        for command in commands:
            run_ours(reference, ["-m", "alembic", *command], database)
        snapshots[name] = snapshot(database)
    return snapshots


def differences(theirs: Snapshot, ours: Snapshot) -> str:
    """The first way the student's database differs from the reference's, in words."""
    for table in sorted(set(ours.schema) | set(theirs.schema)):
        if table not in theirs.schema:
            return f"the table {table} is missing"
        if table not in ours.schema:
            return f"there is a table {table} that the models do not have"
        their_columns = {c[0]: c for c in theirs.schema[table]}
        our_columns = {c[0]: c for c in ours.schema[table]}
        for column in sorted(set(our_columns) - set(their_columns)):
            return f"{table} has no column {column}"
        for column in sorted(set(their_columns) - set(our_columns)):
            return f"{table} has a column {column} that the models do not have"
        for column, ours_ in our_columns.items():
            theirs_ = their_columns[column]
            if theirs_[1:3] != ours_[1:3]:
                kind = f"{ours_[1]}{' NOT NULL' if ours_[2] else ''}"
                found = f"{theirs_[1]}{' NOT NULL' if theirs_[2] else ''}"
                return f"{table}.{column} is {found or 'untyped'}; the models say {kind}"
        lost = len(ours.rows[table]) - len(theirs.rows[table])
        if lost > 0:
            return f"{table} lost {lost} of its {len(ours.rows[table])} rows"
        if theirs.rows[table] != ours.rows[table]:
            return f"rows of {table} changed (or rows were added)"
    return ""


@dataclass(frozen=True)
class ReferenceRun:
    """The week-before database and what the reference makes of it at each step."""

    seed: bytes
    snapshots: dict[str, Snapshot]


# The same for every submission of a homework: made once per grading process (a batch grades a
# whole class in a few of them), under a digest of the reference code that made it.
REFERENCE_RUNS: dict[str, ReferenceRun] = {}


def references_digest(*weeks: int) -> str:
    digest = hashlib.sha256()
    for week in weeks:
        for file in rendered(week, "reference"):
            digest.update(f"{week}:{file.relative.as_posix()}:{len(file.content)}:".encode())
            digest.update(file.content)
    return digest.hexdigest()


def reference_run(context: RunContext, week: int) -> tuple[Path, dict[str, Snapshot]]:
    """The seed database, as a file of this grade's, and the reference's snapshots of it."""
    key = references_digest(week, context.assignment.week)
    if key not in REFERENCE_RUNS:
        seed = build_previous_week(context, week)
        REFERENCE_RUNS[key] = ReferenceRun(seed.read_bytes(), reference_snapshots(context, seed))
        return seed, REFERENCE_RUNS[key].snapshots
    seed = seed_path(context, week)
    seed.write_bytes(REFERENCE_RUNS[key].seed)
    return seed, REFERENCE_RUNS[key].snapshots


def migration_records(context: RunContext) -> list[TestRecord]:
    """One scored row per step of the migration check."""
    week = context.assignment.upgrades_from_week
    assert week is not None
    seed, ours = reference_run(context, week)
    runs = grader_folder(context, "app-runs", 0o755)
    work = hex_folder(runs, "run-")
    work.chmod(0o777)
    shutil.copy(seed, work / "app.db")
    (work / "app.db").chmod(0o666)
    sandbox = Sandbox(context.copy_root, work, context.assignment.limits.sandbox(), context.app_uid)
    inside = f"sqlite+aiosqlite:///{sandbox.inside('work')}/app.db"
    records = []
    failed_before = ""
    for (name, commands), (title, doc) in zip(STEPS, ROWS, strict=True):
        message = failed_before or run_steps(sandbox, commands, inside)
        if not message:
            try:
                message = differences(snapshot(work / "app.db"), ours[name])
            except (OSError, sqlite3.Error) as error:
                message = f"the database could not be read afterwards ({error})"
        if message and not failed_before:
            failed_before = f"Not checked: the step before failed ({message})."
            message = f"{doc} After `{describe(commands)}`, {message}."
        records.append(record(title, doc, message))
    return records


ROWS = (
    (
        "a week 11 database is upgraded keeping every row",
        "A database of the week before, full of data, is upgraded to your newest migration "
        "with every row kept and the schema your models describe.",
    ),
    (
        "the newest migration is undone keeping every row",
        "`alembic downgrade -1` gives back the schema of the week before, every row kept.",
    ),
    (
        "the migration is redone keeping every row",
        "`alembic upgrade head` after the downgrade gives the upgraded schema again, every row "
        "kept.",
    ),
    (
        "autogenerate finds no drift from the models",
        "`alembic check` after the upgrade finds nothing to generate: your migrations make "
        "exactly the tables and columns your models describe.",
    ),
)


def describe(commands: list[list[str]]) -> str:
    return " && ".join("alembic " + " ".join(command) for command in commands)


def run_steps(sandbox: Sandbox, commands: list[list[str]], database_url: str) -> str:
    """Run Alembic's commands with the student's code in the sandbox; "" or what went wrong."""
    for command in commands:
        process = sandbox.start(
            [sys.executable, "-m", "alembic", *command],
            {"DATABASE_URL": database_url},
            cwd=sandbox.inside("submission"),
        )
        code = process.wait(timeout=STEP_SECONDS)
        if code != 0:
            output = process.output.text().strip().splitlines()
            last = output[-1][:300] if output else "no output"
            if code is None:
                return f"`alembic {' '.join(command)}` did not finish: it ran out of time"
            if command == ["check"]:
                return f"`alembic check` found a difference between models and migrations: {last}"
            return f"`alembic {' '.join(command)}` did not finish: it failed: {last}"
    return ""


def record(name: str, doc: str, message: str) -> TestRecord:
    return TestRecord(
        id=f"migration::{name}",
        file="migration",
        name=name,
        doc=doc,
        outcome="failed" if message else "passed",
        message=message,
        points=2.0,
        visibility="visible",
    )
