"""Fixtures for CourseHub's behavior-contract tests.

A contract talks HTTP only, so the same tests run two ways:

* in-process (the default): `pytest` builds the app with `create_app()` on a fresh SQLite
  file loaded with `sql/sample_data.sql`;
* against a running server: set `COURSEHUB_TEST_BASE_URL` (`http://127.0.0.1:8000`, or
  `unix:/path/to/app.sock` for a Unix socket) and `COURSEHUB_TEST_DATABASE_URL` to the
  database that server uses. The server must have been started with the sample data.

`COURSEHUB_TEST_DATABASE_URL` alone (e.g. `postgresql+asyncpg://user:pw@127.0.0.1/coursehub_test`)
runs the in-process tests on that database; its tables are dropped and recreated first.
"""

import asyncio
import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

BASE_URL = os.environ.get("COURSEHUB_TEST_BASE_URL")
DATABASE_URL = os.environ.get("COURSEHUB_TEST_DATABASE_URL")

SAMPLE_PASSWORDS = {name: f"{name}-password" for name in ("alice", "bob", "carol", "dave", "erin")}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "homework(id): a test this homework must turn green.")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if DATABASE_URL:
        return DATABASE_URL
    if BASE_URL:
        pytest.fail("Set COURSEHUB_TEST_DATABASE_URL to the database the live server uses.")
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'coursehub.db'}"


async def _drop_all_tables(url: str) -> None:
    from coursehub import models  # noqa: F401
    from coursehub.core.database import Base

    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
    await engine.dispose()


@pytest.fixture(scope="session")
def client(database_url: str) -> Iterator[httpx.Client]:
    if BASE_URL:
        if BASE_URL.startswith("unix:"):
            transport = httpx.HTTPTransport(uds=BASE_URL.removeprefix("unix:"))
            live = httpx.Client(base_url="http://coursehub", transport=transport, timeout=10)
        else:
            live = httpx.Client(base_url=BASE_URL, timeout=10)
        with live:
            yield live
        return

    from fastapi.testclient import TestClient

    from coursehub.core.config import Settings
    from coursehub.main import create_app

    if DATABASE_URL:
        asyncio.run(_drop_all_tables(database_url))
    settings = Settings(
        database_url=database_url,
        seed_sample_data=True,
        secret_key="contract-tests-only-secret-key-0123456789",
        # Cheap Argon2 for speed; still a real hash.
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
        argon2_parallelism=1,
    )
    with TestClient(create_app(settings)) as in_process:
        yield in_process


@pytest.fixture(scope="session")
def auth(client: httpx.Client) -> Callable[[str], dict[str, str]]:
    """`auth("alice")` gives headers with a bearer token for a sample user (logged in once)."""
    tokens: dict[str, str] = {}

    def headers_for(username: str) -> dict[str, str]:
        if username not in tokens:
            response = client.post(
                "/api/auth/login",
                json={"username": username, "password": SAMPLE_PASSWORDS[username]},
            )
            assert response.status_code == 200, f"login as {username} failed: {response.text}"
            tokens[username] = response.json()["access_token"]
        return {"Authorization": f"Bearer {tokens[username]}"}

    return headers_for


_counter = itertools.count(1)


@pytest.fixture
def unique() -> Callable[[str], str]:
    """`unique("Group")` gives "Group 7": names no other test (or sample row) uses."""
    return lambda prefix: f"{prefix} {next(_counter)}"


@pytest.fixture
def unique_code() -> Callable[[], str]:
    """A course code no other test uses, in the "ABC-123" shape every week accepts."""
    return lambda: f"TST-{next(_counter):03d}"


@pytest.fixture(scope="session")
def db(database_url: str) -> Callable[..., list[dict[str, Any]]]:
    """`db("SELECT ... WHERE id = :id", id=3)` reads what the app stored, as a list of dicts."""

    async def run(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as connection:
                result = await connection.execute(text(sql), params)
                return [dict(row._mapping) for row in result]
        finally:
            await engine.dispose()

    return lambda sql, **params: asyncio.run(run(sql, params))
