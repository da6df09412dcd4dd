"""`sql/schema.sql` builds exactly the tables the models build, every CourseHub week, and the
sample data loads into it with every foreign key satisfied. (The capstone's Conduit has no
schema file: its migrations are checked against its models by its own `test_migrations.py`.)"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.term import CAPSTONE_WEEKS, STARTER_WEEKS, week_id
from tests.support.commands import suite_environment

CREATE_FROM_MODELS = """
import asyncio, sys
from coursehub import models
from coursehub.core.database import Base, make_engine
async def create_tables(engine):
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
async def main():
    engine = make_engine("sqlite+aiosqlite:///" + sys.argv[1])
    await create_tables(engine)
    await engine.dispose()
asyncio.run(main())
"""


# SQLite stores a boolean as 0 or 1: `DEFAULT false` in SQL and the models' `false()` agree.
BOOLEAN_DEFAULTS = {"false": "0", "true": "1"}


def describe(database: Path) -> dict:
    """Tables, columns, keys and unique indexes, in a form two databases can be compared in."""
    connection = sqlite3.connect(database)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        shape = {}
        for table in tables:
            columns = {
                name: (
                    kind.upper(),
                    bool(notnull),
                    pk,
                    BOOLEAN_DEFAULTS.get(str(default).strip("'").lower(), str(default).strip("'"))
                    if default
                    else None,
                )
                for _, name, kind, notnull, default, pk in connection.execute(
                    f"PRAGMA table_info({table})"
                )
            }
            foreign_keys = sorted(
                (row[3], row[2], row[4], row[6])
                for row in connection.execute(f"PRAGMA foreign_key_list({table})")
            )
            unique = sorted(
                tuple(c[2] for c in connection.execute(f"PRAGMA index_info('{index[1]}')"))
                for index in connection.execute(f"PRAGMA index_list({table})")
                if index[2]
            )
            sql = connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()[0]
            checks = sorted(
                part.split()[0] for part in sql.split("CONSTRAINT ")[1:] if "CHECK" in part
            )
            shape[table] = {
                "columns": columns,
                "fks": foreign_keys,
                "unique": unique,
                "checks": checks,
            }
        return json.loads(json.dumps(shape))
    finally:
        connection.close()


COURSEHUB_WEEKS = [pytest.param(w, id=week_id(w)) for w in STARTER_WEEKS if w not in CAPSTONE_WEEKS]


@pytest.mark.parametrize("week", COURSEHUB_WEEKS)
def test_schema_sql_matches_the_models_and_loads_the_sample_data(week, reference_of, tmp_path):
    app = reference_of(week)
    from_sql, from_models = tmp_path / "from_sql.db", tmp_path / "from_models.db"
    with sqlite3.connect(from_sql) as connection:
        connection.executescript((app / "sql/schema.sql").read_text())
    subprocess.run(
        [sys.executable, "-c", CREATE_FROM_MODELS, str(from_models)],
        cwd=app,
        env=suite_environment(),
        check=True,
        timeout=60,
    )
    assert describe(from_sql) == describe(from_models)

    connection = sqlite3.connect(from_sql)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.executescript((app / "sql/sample_data.sql").read_text())
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("roles", "users", "courses", "study_groups", "memberships")
        }
        assert counts == {"roles": 3, "users": 5, "courses": 4, "study_groups": 3, "memberships": 5}
    finally:
        connection.close()
