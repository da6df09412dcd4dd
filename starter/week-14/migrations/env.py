"""How Alembic reaches the database, from the command line and from the app.

The database is the app's own (`Settings().database_url`, so DATABASE_URL), never a URL
written in alembic.ini: `alembic upgrade head` and the app always migrate the same database.
When the app starts it runs the migrations itself, on a connection it hands over in
`config.attributes["connection"]` (see `conduit/startup.py`).
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from conduit import models  # noqa: F401  (importing it registers every table)
from conduit.core.config import Settings
from conduit.core.database import Base, make_engine

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        # Batch mode changes a table by copying it and dropping the old one; with foreign keys
        # on, that drop deletes every row that cascades from it (an article's comments). Off
        # while migrating: it takes effect before the first write.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite changes a column only by copying its table: batch mode does that for us.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_the_apps_database() -> None:
    engine = make_engine(Settings().database_url)
    try:
        # One transaction for every migration of the command, committed at the end.
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.config.attributes.get("connection") is not None:
    run_migrations(context.config.attributes["connection"])
elif context.is_offline_mode():
    raise SystemExit("Run migrations on a database: offline (--sql) scripts are not set up.")
else:
    if context.config.config_file_name is not None:
        fileConfig(context.config.config_file_name)
    asyncio.run(run_on_the_apps_database())
