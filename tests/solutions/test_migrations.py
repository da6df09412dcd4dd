"""From week 12 the tables come from Alembic migrations (`migrations/` of the app), never from
`create_all`: they make exactly the tables the models describe, a database of week 11 full of
data is upgraded without losing a row, and the newest migration can be undone and redone.
The capstone's starters (Conduit, weeks 14 and 15) migrate an empty database to their models
and back."""

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from courseware.render import starter_path
from courseware.term import CAPSTONE_WEEKS, week_id
from tests.support.commands import suite_environment

FIRST_MIGRATED_WEEK = 12
# What week 11 made, in a script run inside that week's app: its tables and its sample data.
BUILD_WEEK_11 = """
import asyncio, sys
from coursehub.core.config import Settings
from coursehub.core.database import make_engine
from coursehub.startup import create_tables, load_sample_data

async def main() -> None:
    engine = make_engine(sys.argv[1])
    await create_tables(engine)
    await load_sample_data(engine, Settings().sample_data_file)
    await engine.dispose()

asyncio.run(main())
"""
# The app's own start-up migration, run inside the week's app.
MIGRATE = """
import asyncio, sys
from coursehub.core.database import make_engine
from coursehub.startup import migrate

async def main() -> None:
    engine = make_engine(sys.argv[1])
    await migrate(engine)
    await engine.dispose()

asyncio.run(main())
"""
# Alembic's comparison of the migrated database with the models: empty when they agree.
DRIFT = """
import asyncio, sys
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from coursehub import models
from coursehub.core.database import Base, make_engine

def differences(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)

async def main() -> None:
    engine = make_engine(sys.argv[1])
    async with engine.connect() as connection:
        print(repr(await connection.run_sync(differences)))
    await engine.dispose()

asyncio.run(main())
"""
TABLES = ("roles", "users", "courses", "study_groups", "memberships", "notes")


def in_app(app: Path, *command: str, database_url: str) -> str:
    """Run `command` in the week's app folder, on `database_url`; its output."""
    done = subprocess.run(
        [sys.executable, *command],
        cwd=app,
        env=suite_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def alembic(app: Path, *arguments: str, database_url: str) -> str:
    return in_app(app, "-m", "alembic", *arguments, database_url=database_url)


def read(database_url: str, sql: str) -> list[tuple]:
    async def run() -> list[tuple]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(text(sql))]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def counts(database_url: str) -> dict[str, int]:
    return {table: read(database_url, f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'app.db'}"
    return request.getfixturevalue("postgres_database")


def test_the_migrations_make_exactly_the_tables_of_the_models(reference_of, database_url):
    app = reference_of(FIRST_MIGRATED_WEEK)
    alembic(app, "upgrade", "head", database_url=database_url)
    assert in_app(app, "-c", DRIFT, database_url, database_url=database_url).strip() == "[]"


def test_a_week_11_database_is_upgraded_without_losing_a_row(reference_of, database_url):
    in_app(reference_of(11), "-c", BUILD_WEEK_11, database_url, database_url=database_url)
    before = counts(database_url)
    assert before["notes"] > 0
    app = reference_of(FIRST_MIGRATED_WEEK)
    in_app(app, "-c", MIGRATE, database_url, database_url=database_url)
    assert counts(database_url) == before
    assert read(database_url, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert {pinned for (pinned,) in read(database_url, "SELECT pinned FROM notes")} == {False}
    # Starting again changes nothing: every migration has run.
    in_app(app, "-c", MIGRATE, database_url, database_url=database_url)
    assert counts(database_url) == before
    assert in_app(app, "-c", DRIFT, database_url, database_url=database_url).strip() == "[]"


def test_the_newest_migration_is_undone_and_redone_keeping_every_row(reference_of, database_url):
    in_app(reference_of(11), "-c", BUILD_WEEK_11, database_url, database_url=database_url)
    before = counts(database_url)
    app = reference_of(FIRST_MIGRATED_WEEK)
    in_app(app, "-c", MIGRATE, database_url, database_url=database_url)
    alembic(app, "downgrade", "-1", database_url=database_url)
    assert read(database_url, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert counts(database_url) == before
    # The database is week 11's again: the models of week 12 miss only notes.pinned in it.
    drift = in_app(app, "-c", DRIFT, database_url, database_url=database_url)
    assert "add_column" in drift and "'notes'" in drift and "pinned" in drift, drift
    assert drift.count("add_column") == 1, drift
    alembic(app, "upgrade", "head", database_url=database_url)
    assert counts(database_url) == before
    assert in_app(app, "-c", DRIFT, database_url, database_url=database_url).strip() == "[]"


# A later migration of the kind students write in the lesson's drill: a column on a table that
# other tables cascade from, which SQLite's batch mode changes by copying the table.
GROUPS_COLUMN = """
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("study_groups") as batch:
        batch.add_column(sa.Column("room", sa.String(40), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("study_groups") as batch:
        batch.drop_column("room")
"""


def test_changing_a_table_others_cascade_from_loses_none_of_their_rows(
    reference_of, tmp_path, database_url
):
    """On SQLite a batch change copies the table and drops the old one: with foreign keys on,
    the drop would delete every membership and note of every group."""
    app = tmp_path / "app"
    shutil.copytree(reference_of(FIRST_MIGRATED_WEEK), app)
    (app / "migrations/versions/0099_groups_have_a_room.py").write_text(GROUPS_COLUMN)
    in_app(reference_of(11), "-c", BUILD_WEEK_11, database_url, database_url=database_url)
    before = counts(database_url)
    in_app(app, "-c", MIGRATE, database_url, database_url=database_url)
    assert counts(database_url) == before
    alembic(app, "downgrade", "-1", database_url=database_url)
    assert counts(database_url) == before
    alembic(app, "upgrade", "head", database_url=database_url)
    assert counts(database_url) == before


# The same comparison in the capstone's app.
CAPSTONE_DRIFT = DRIFT.replace("from coursehub", "from conduit")


@pytest.mark.parametrize("week", [pytest.param(w, id=week_id(w)) for w in CAPSTONE_WEEKS])
def test_a_capstone_starter_migrates_an_empty_database_to_its_models_and_back(
    week, tmp_path, database_url
):
    """What a student forks must start: its migrations make its models' tables (the
    milestones change behaviour, never the schema the starter ships)."""
    app = tmp_path / "app"
    shutil.copytree(starter_path(week), app)
    alembic(app, "upgrade", "head", database_url=database_url)
    assert (
        in_app(app, "-c", CAPSTONE_DRIFT, database_url, database_url=database_url).strip() == "[]"
    )
    alembic(app, "downgrade", "base", database_url=database_url)
    assert read(database_url, "SELECT count(*) FROM alembic_version") == [(0,)]
