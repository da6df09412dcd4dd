"""What the app does once when it starts, before its first request:
migrate the tables and load the sample data.

It needs every model, so it lives beside `main.py` (which calls it from the app's lifespan)
rather than in `core/`: the models import `core`, so `core` imports no model.
"""

import asyncio
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from coursehub.core.config import PROJECT_DIR
from coursehub.models import Role  # importing the models registers every table on Base.metadata

# Any number that no other part of the app locks with: it names "the start-up work".
STARTUP_LOCK = 7_010_001


async def wait_for_other_starts(connection: AsyncConnection) -> None:
    """On PostgreSQL, hold a lock that other starting processes of the app wait for until this
    transaction ends. Without it two workers (`uvicorn --workers 2`) starting on an empty
    database both create the tables, or both load the sample data, and one of them fails.
    SQLite lets one writer in at a time anyway."""
    if connection.dialect.name == "postgresql":
        await connection.execute(select(func.pg_advisory_xact_lock(STARTUP_LOCK)))


MIGRATIONS = PROJECT_DIR / "migrations"
# The revision that makes exactly the tables `create_tables` made until week 11.
BASELINE = "0001"


def migration_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_to_newest(connection: Connection) -> None:
    """Run every migration the database has not had. A database of the weeks before
    migrations (its tables, but no `alembic_version`) is first marked as being at BASELINE,
    which is what it holds, so that only the later migrations run on it and no row is lost."""
    config = migration_config(connection)
    tables = set(inspect(connection).get_table_names())
    if tables and "alembic_version" not in tables:
        command.stamp(config, BASELINE)
    command.upgrade(config, "head")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the database's tables up to date with the migrations in `migrations/`."""
    async with engine.begin() as connection:
        await wait_for_other_starts(connection)
        await connection.run_sync(upgrade_to_newest)
    # The connection that migrated has SQLite's foreign keys off (migrations/env.py): close
    # it, so that every connection the app uses turns them on again.
    await engine.dispose()


def split_sql_script(script: str) -> list[str]:
    """Split our own SQL files into statements: `;` ends a statement at the end of a line."""
    statements: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("--")):
            continue
        current.append(line)
        if stripped.endswith(";"):
            statements.append("\n".join(current).rstrip().rstrip(";"))
            current = []
    if current and "".join(current).strip():
        statements.append("\n".join(current))
    return statements


async def load_sample_data(engine: AsyncEngine, sample_file: Path) -> bool:
    """Run the sample-data script once, into an empty database. Returns whether it ran."""
    script = await asyncio.to_thread(sample_file.read_text, encoding="utf-8")
    async with engine.begin() as connection:
        await wait_for_other_starts(connection)
        already_seeded = (await connection.execute(select(Role.id).limit(1))).first()
        if already_seeded:
            return False
        for statement in split_sql_script(script):
            await connection.execute(text(statement))
    return True
