"""What the app does once when it starts, before its first request:
create missing tables and load the sample data.

It needs every model, so it lives beside `main.py` (which calls it from the app's lifespan)
rather than in `core/`: the models import `core`, so `core` imports no model.
"""

import asyncio
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from coursehub.core.database import Base
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


async def create_tables(engine: AsyncEngine) -> None:
    """Create missing tables. A later week replaces this with Alembic migrations."""
    async with engine.begin() as connection:
        await wait_for_other_starts(connection)
        await connection.run_sync(Base.metadata.create_all)


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
