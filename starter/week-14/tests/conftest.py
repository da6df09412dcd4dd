"""Fixtures for Conduit's behavior-contract tests.

A contract talks HTTP only, so the same tests run two ways:

* in-process (the default): `pytest` builds the app with `create_app()` on a fresh SQLite
  file (one per test worker) loaded with `sql/sample_data.sql`;
* against a running server: set `CONDUIT_TEST_BASE_URL` (`http://127.0.0.1:8000`, or
  `unix:/path/to/app.sock`). The server must have been started with the sample data
  (`python -m conduit` loads it). The few tests that read the database need
  `CONDUIT_TEST_DATABASE_URL` too (the server's database); without it they are skipped.

`CONDUIT_TEST_DATABASE_URL` alone (e.g.
`postgresql+asyncpg://coursehub:coursehub@127.0.0.1/conduit_test`) runs the in-process tests
on that database: its tables are dropped once at the start of the run (by the main process,
before any test worker starts), then every worker's app migrates it again. Give the tests a
database of their own, never one you keep data in.

Against a live server whose SQLite file may be anything its code made it (the autograder's
case), set `CONDUIT_TEST_LIVE_DATABASE` to that file and `CONDUIT_TEST_DATABASE_URL` to a
copy of your own: `db` copies the server's file there before every read, as plain bytes of a
regular file (never through a link), and reads the copy.

Every test makes its own users and articles with names no other test uses (`make_user`,
`unique`), so tests neither see nor disturb each other's data, in any order, on any worker.
"""

import asyncio
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from helpers import Account, token_headers

BASE_URL = os.environ.get("CONDUIT_TEST_BASE_URL")
DATABASE_URL = os.environ.get("CONDUIT_TEST_DATABASE_URL")
# The in-process app's signing key: tests that forge or expire a token need it.
SECRET_KEY = "contract-tests-only-secret-key-0123456789"
SAMPLE_PASSWORDS = {name: f"{name}-password" for name in ("alice", "bob", "carol")}
LIVE_DATABASE_VARIABLE = "CONDUIT_TEST_LIVE_DATABASE"
MAX_DATABASE_BYTES = 256 * 1024 * 1024


async def drop_every_table(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from conduit import models  # noqa: F401  (registers every table)
    from conduit.core.database import Base

    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        # And the record of which migrations ran: the app then migrates an empty database.
        await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await engine.dispose()


def pytest_configure(config: pytest.Config) -> None:
    # The capstone's milestones: a starter fails exactly the tests of its milestone's marker.
    config.addinivalue_line("markers", "homework(id): a test this milestone must turn green.")
    config.addinivalue_line("markers", "contract(block, *lines): the contract sentences it checks.")
    # `workerinput` exists in a pytest-xdist worker only: the main process resets the shared
    # database once, before the workers start.
    if DATABASE_URL and not BASE_URL and not hasattr(config, "workerinput"):
        asyncio.run(drop_every_table(DATABASE_URL))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str | None:
    if DATABASE_URL or BASE_URL:
        return DATABASE_URL
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'conduit.db'}"


@pytest.fixture(scope="session")
def client(database_url: str | None) -> Iterator[httpx.Client]:
    if BASE_URL:
        if BASE_URL.startswith("unix:"):
            transport = httpx.HTTPTransport(uds=BASE_URL.removeprefix("unix:"))
            live = httpx.Client(base_url="http://testserver", transport=transport, timeout=10)
        else:
            live = httpx.Client(base_url=BASE_URL, timeout=10)
        with live:
            yield live
        return

    from fastapi.testclient import TestClient

    from conduit.core.config import Settings
    from conduit.main import create_app

    assert database_url is not None
    settings = Settings(
        database_url=database_url,
        seed_sample_data=True,
        secret_key=SECRET_KEY,
        # Cheap Argon2 for speed; still a real hash.
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
        argon2_parallelism=1,
    )
    with TestClient(create_app(settings)) as in_process:
        yield in_process


@pytest.fixture
def unique() -> Callable[[str], str]:
    """`unique("dragons")` gives e.g. "dragons-3f9a1c2e": a name no other test uses."""
    return lambda prefix: f"{prefix}-{secrets.token_hex(4)}"


@pytest.fixture
def make_user(client: httpx.Client, unique: Callable[[str], str]) -> Callable[..., Account]:
    """`make_user()` registers a new account through the API and gives its token."""

    def register(prefix: str = "user") -> Account:
        username = unique(prefix)
        account = Account(username, f"{username}@example.org", f"{username}-password", "")
        response = client.post("/api/users", json={"user": account.registration()})
        assert response.status_code == 201, response.text
        return account.with_token(response.json()["user"]["token"])

    return register


@pytest.fixture
def login(client: httpx.Client) -> Callable[[str], dict[str, str]]:
    """`login("alice")`: headers with the token of a sample user."""

    def headers_for(username: str) -> dict[str, str]:
        credentials = {"email": f"{username}@example.org", "password": SAMPLE_PASSWORDS[username]}
        response = client.post("/api/users/login", json={"user": credentials})
        assert response.status_code == 200, f"login as {username} failed: {response.text}"
        return token_headers(response.json()["user"]["token"])

    return headers_for


@pytest.fixture(scope="session")
def secret_key() -> str:
    """The key the app signs with, known in-process only."""
    if BASE_URL:
        pytest.skip("a live server's signing key is its own")
    return SECRET_KEY


def copy_live_database(database_url: str) -> None:
    """Copy the live server's SQLite file (and its write-ahead log) over our own copy.

    Only regular files are copied, opened without following a link, so a server that put a
    link or a pipe where its database was makes the copy fail, not the reader misbehave.
    """
    source = os.environ.get(LIVE_DATABASE_VARIABLE)
    if not source or not database_url.startswith("sqlite"):
        return
    target = Path(database_url.split("///", 1)[1])
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        try:
            descriptor = os.open(f"{source}{suffix}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            continue
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_DATABASE_BYTES:
                raise OSError(f"the server's database{suffix} is not a plain file of sane size")
            Path(f"{target}{suffix}").write_bytes(handle.read(MAX_DATABASE_BYTES))


@pytest.fixture(scope="session")
def db(database_url: str | None) -> Iterator[Callable[..., list[dict[str, Any]]]]:
    """`db("SELECT ... WHERE id = :id", id=3)` reads what the app stored, as a list of dicts."""
    if database_url is None:
        pytest.skip("set CONDUIT_TEST_DATABASE_URL to the live server's database to read it")
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    # No pool: each read runs in its own event loop (`asyncio.run`), on a new connection.
    engine = create_async_engine(database_url, poolclass=NullPool)

    async def run(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        copy_live_database(database_url)
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), params)
            return [dict(row._mapping) for row in result]

    yield lambda sql, **params: asyncio.run(run(sql, params))
    asyncio.run(engine.dispose())
