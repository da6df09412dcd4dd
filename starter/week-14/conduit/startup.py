"""What the app does once when it starts, before its first request: bring the tables up to
date with the migrations, and load the sample data when asked to.

It needs every model (through migrations/env.py and the seed check), so it lives beside
`main.py` rather than in `core/`: the models import `core`, so `core` imports no model.
"""

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from conduit.core.config import PROJECT_DIR
from conduit.models import User

MIGRATIONS = PROJECT_DIR / "migrations"
# Any number no other part of the app locks with: it names "the start-up work".
STARTUP_LOCK = 7_020_001


async def wait_for_other_starts(connection: AsyncConnection) -> None:
    """On PostgreSQL, hold a lock that other starting processes of the app wait for until this
    transaction ends. Without it two workers (`uvicorn --workers 2`, or two test workers)
    starting on an empty database both create the tables, or both load the sample data, and
    one of them fails. SQLite lets one writer in at a time anyway."""
    if connection.dialect.name == "postgresql":
        await connection.execute(select(func.pg_advisory_xact_lock(STARTUP_LOCK)))


def migration_config(connection: Connection) -> Config:
    """Alembic's settings for migrating on `connection` (migrations/env.py takes it)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade_to_newest(connection: Connection) -> None:
    command.upgrade(migration_config(connection), "head")


async def migrate(engine: AsyncEngine) -> None:
    """Run every migration in `migrations/` the database has not had."""
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
    """Run the sample-data script once, into a database without users. Returns whether it ran."""
    script = await asyncio.to_thread(sample_file.read_text, encoding="utf-8")
    async with engine.begin() as connection:
        await wait_for_other_starts(connection)
        if (await connection.execute(select(User.id).limit(1))).first():
            return False
        for statement in split_sql_script(script):
            await connection.execute(text(statement))
    return True
