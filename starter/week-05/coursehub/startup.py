"""What the app does once when it starts, before its first request:
create missing tables and load the sample data.

It needs every model, so it lives beside `main.py` (which calls it from the app's lifespan)
rather than in `core/`: the models import `core`, so `core` imports no model.
"""

import asyncio
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from coursehub.core.database import Base
from coursehub.models import Role  # importing the models registers every table on Base.metadata


async def create_tables(engine: AsyncEngine) -> None:
    """Create missing tables. A later week replaces this with Alembic migrations."""
    async with engine.begin() as connection:
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
        already_seeded = (await connection.execute(select(Role.id).limit(1))).first()
        if already_seeded:
            return False
        for statement in split_sql_script(script):
            await connection.execute(text(statement))
    return True
