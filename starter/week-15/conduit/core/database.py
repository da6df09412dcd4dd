"""The async engine, the session factory and the declarative base every model inherits.

Nothing here imports a model: the models import this module, and what needs every model (the
start-up work of migrating and loading sample data) lives in `conduit/startup.py`.
"""

from datetime import UTC, datetime

from sqlalchemy import DateTime, event, func
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The largest id every supported database stores: a PostgreSQL INTEGER column holds up to
# 2**31 - 1. A larger id in a path or a token cannot name a row, and is refused before a query.
MAX_ID = 2_147_483_647


class Base(DeclarativeBase):
    pass


def utc_now() -> datetime:
    return datetime.now(UTC)


class Timestamps:
    """`createdAt` and `updatedAt` of the spec. Services set `updated_at` when they change a
    row, so that a new row's two times are the same instant."""

    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utc_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utc_now, server_default=func.current_timestamp()
    )


def enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """SQLite ignores FOREIGN KEY constraints (and their ON DELETE CASCADE) unless each
    connection asks for them."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(database_url: str) -> AsyncEngine:
    engine = create_async_engine(database_url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", enable_sqlite_foreign_keys)
    return engine


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit, which async code needs
    # because it cannot lazily reload attributes.
    return async_sessionmaker(engine, expire_on_commit=False)
