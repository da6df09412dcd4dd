"""From week 10 the app is run on PostgreSQL as a deployment runs it: several uvicorn workers
starting at once on an empty database. Each creates the tables and loads the sample data
only after the others are done, so every worker starts and the sample data is there once."""

import asyncio
import socket
import subprocess
import sys
import time

import asyncpg
import httpx
import pytest

from courseware.term import STARTER_WEEKS, app_of_week, week_id
from tests.support.commands import suite_environment

WEEKS = [pytest.param(week, id=week_id(week)) for week in STARTER_WEEKS if week >= 10]
WORKERS = 3
# What the sample data holds, per app: two tables and their rows.
SAMPLE_ROWS = {
    "coursehub": {"roles": 3, "courses": 4},
    "conduit": {"users": 3, "articles": 4},
}


def count_rows(database_url: str, table: str) -> int:
    async def run() -> int:
        connection = await asyncpg.connect(database_url.replace("+asyncpg", ""), timeout=10)
        try:
            return await connection.fetchval(f"SELECT count(*) FROM {table}")
        finally:
            await connection.close()

    return asyncio.run(run())


@pytest.mark.postgres
@pytest.mark.parametrize("week", WEEKS)
def test_workers_starting_together_on_an_empty_database_all_start(
    week, reference_of, postgres_database
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = suite_environment(
        DATABASE_URL=postgres_database,
        SEED_SAMPLE_DATA="true",
        SECRET_KEY="workers-test-only-secret-key-0123456789abcdef",
    )
    app = app_of_week(week)
    command = [sys.executable, "-m", "uvicorn", f"{app}.main:app", "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(WORKERS), "--log-level", "info"],
        cwd=reference_of(week),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        # Every worker has finished its start-up (or failed it) within this time.
        time.sleep(3)
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0].decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]
    assert output.count("Application startup complete.") == WORKERS, output[-3000:]
    for table, rows in SAMPLE_ROWS[app].items():
        assert count_rows(postgres_database, table) == rows, table
