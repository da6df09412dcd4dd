"""The async engine, the session factory and the declarative base every model inherits."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, event, func, select, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        default=lambda: datetime.now(UTC),
        server_default=func.current_timestamp(),
    )


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """SQLite ignores FOREIGN KEY constraints unless each connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(database_url: str) -> AsyncEngine:
    engine = create_async_engine(database_url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit, which async code needs
    # because it cannot lazily reload attributes.
    return async_sessionmaker(engine, expire_on_commit=False)


async def create_tables(engine: AsyncEngine) -> None:
    """Create missing tables. A later week replaces this with Alembic migrations."""
    from coursehub import models  # noqa: F401  (registers every table on Base.metadata)

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
    from coursehub.models import Role

    script = await asyncio.to_thread(sample_file.read_text, encoding="utf-8")
    async with engine.begin() as connection:
        already_seeded = (await connection.execute(select(Role.id).limit(1))).first()
        if already_seeded:
            return False
        for statement in split_sql_script(script):
            await connection.execute(text(statement))
    return True
