"""Fixtures for CourseHub's behavior-contract tests.

A contract talks HTTP only, so the same tests run two ways:

* in-process (the default): `pytest` builds the app with `create_app()` on a fresh SQLite
  file loaded with `sql/sample_data.sql`;
* against a running server: set `COURSEHUB_TEST_BASE_URL` (`http://127.0.0.1:8000`, or
  `unix:/path/to/app.sock` for a Unix socket) and `COURSEHUB_TEST_DATABASE_URL` to the
  database that server uses. The server must have been started with the sample data.

`COURSEHUB_TEST_DATABASE_URL` alone (e.g. `postgresql+asyncpg://user:pw@127.0.0.1/coursehub_test`)
runs the in-process tests on that database; its tables are dropped and recreated first.

Against a live server whose SQLite file may be anything its code made it (the autograder's
case), set `COURSEHUB_TEST_LIVE_DATABASE` to that file and `COURSEHUB_TEST_DATABASE_URL` to a
copy of your own: `db` copies the server's file there before every read, as plain bytes of a
regular file (never through a link), and reads the copy.

Test data (`unique`, `unique_code`) is drawn from `COURSEHUB_TEST_SEED`, random when unset, so
that no value means the same thing in two runs.
"""

import asyncio
import contextlib
import os
import random
import sqlite3
import stat
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sent_mail import Mailbox, live_mailbox, smtp_server

# SQLAlchemy is imported only where it is needed (an in-process run, a database other than
# SQLite): a run against a live server (a graded HW1 run, started once per planted bug)
# starts a fifth of a second sooner without it.

BASE_URL = os.environ.get("COURSEHUB_TEST_BASE_URL")
DATABASE_URL = os.environ.get("COURSEHUB_TEST_DATABASE_URL")
SEED = os.environ.get("COURSEHUB_TEST_SEED")
LIVE_DATABASE_VARIABLE = "COURSEHUB_TEST_LIVE_DATABASE"
MAX_DATABASE_BYTES = 256 * 1024 * 1024

SAMPLE_PASSWORDS = {name: f"{name}-password" for name in ("alice", "bob", "carol", "dave", "erin")}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "homework(id): a test this homework must turn green.")
    config.addinivalue_line("markers", "contract(block, *lines): the contract sentences it checks.")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if DATABASE_URL:
        return DATABASE_URL
    if BASE_URL:
        pytest.fail("Set COURSEHUB_TEST_DATABASE_URL to the database the live server uses.")
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'coursehub.db'}"


async def _drop_all_tables(url: str) -> None:
    from sqlalchemy.ext.asyncio import create_async_engine

    from coursehub import models  # noqa: F401
    from coursehub.core.database import Base

    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        # And the record of which migrations ran: the app then migrates an empty database.
        from sqlalchemy import text

        await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    await engine.dispose()


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mailbox]:
    """Every email the app sent (see `sent_mail.py`)."""
    if BASE_URL:
        yield live_mailbox()
        return
    with smtp_server(tmp_path_factory.mktemp("mail")) as server:
        yield server


@pytest.fixture(scope="session")
def client(database_url: str, mailbox: Mailbox) -> Iterator[httpx.Client]:
    if BASE_URL:
        if BASE_URL.startswith("unix:"):
            transport = httpx.HTTPTransport(uds=BASE_URL.removeprefix("unix:"))
            # The same Host as the in-process TestClient: a server cannot tell the two apart.
            live = httpx.Client(base_url="http://testserver", transport=transport, timeout=10)
        else:
            live = httpx.Client(base_url=BASE_URL, timeout=10, headers={"Host": "testserver"})
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
        smtp_port=mailbox.port or 25,
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


# With a seed (a graded run), names lose their prefix: "Study buddies 7" would tell a server
# which test is running; "Larch 48213" tells it nothing.
DISGUISES = (
    "Alder", "Aspen", "Birch", "Cedar", "Elm", "Fir", "Hazel", "Holly", "Juniper", "Larch",
    "Linden", "Maple", "Oak", "Olive", "Pine", "Poplar", "Rowan", "Spruce", "Willow", "Yew",
)  # fmt: skip


class TestData:
    """Names, codes and ids that no other test (or sample row) uses, drawn from one seed."""

    __test__ = False  # not a test class

    def __init__(self, seed: int | None) -> None:
        self.random = random.Random(seed)
        self.disguise = seed is not None
        self.used: set[str] = set()

    def _fresh(self, draw: Callable[[], str]) -> str:
        while (value := draw()) in self.used:
            pass
        self.used.add(value)
        return value

    def name(self, prefix: str) -> str:
        def draw() -> str:
            shown = self.random.choice(DISGUISES) if self.disguise else prefix
            return f"{shown} {self.random.randrange(1, 1_000_000)}"

        return self._fresh(draw)

    def missing_id(self) -> int:
        """An id far above every row a test run creates."""
        return 10_000_000 + self.random.randrange(1_000_000)

    def code(self) -> str:
        # Sample codes start with C, D or M; these start with T.
        letters = "".join(self.random.choices(string.ascii_uppercase, k=2))
        return self._fresh(lambda: f"T{letters}-{self.random.randrange(1000):03d}")


_test_data = TestData(int(SEED) if SEED else None)


@pytest.fixture
def unique() -> Callable[[str], str]:
    """`unique("Group")` gives e.g. "Group 48213" (with a seed, "Larch 48213"): a name no other
    test (or sample row) uses."""
    return _test_data.name


@pytest.fixture
def missing_id() -> Callable[[], int]:
    """`missing_id()` gives an id no course, group or user has."""
    return _test_data.missing_id


@pytest.fixture
def unique_code() -> Callable[[], str]:
    """A course code no other test uses, in the "ABC-123" shape every week accepts."""
    return _test_data.code


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
def db(database_url: str) -> Callable[..., list[dict[str, Any]]]:
    """`db("SELECT ... WHERE id = :id", id=3)` reads what the app stored, as a list of dicts.

    SQLite is read with the standard library's `sqlite3` (the same `:name` parameters, the
    same raw values), which spares every test run the import of SQLAlchemy; any other
    database is read through SQLAlchemy."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[1]

        def read_sqlite(sql: str, **params: Any) -> list[dict[str, Any]]:
            copy_live_database(database_url)
            with contextlib.closing(sqlite3.connect(path)) as connection:
                connection.row_factory = sqlite3.Row
                return [dict(row) for row in connection.execute(sql, params)]

        return read_sqlite

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    # One engine for the session, without a pool: every read opens a new connection in its
    # own event loop (each `asyncio.run`), and the engine's first-connect set-up is paid once.
    engine = create_async_engine(database_url, poolclass=NullPool)

    async def run(sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), params)
            return [dict(row._mapping) for row in result]

    return lambda sql, **params: asyncio.run(run(sql, params))
