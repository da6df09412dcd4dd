"""A week graded on PostgreSQL: the app in the sandbox (no network) reaches a database of its
own through the grader's socket relay, finds it empty at every start, cannot reach another
grade's database, and leaves nothing behind; with no server the grade says it ran on SQLite."""

import asyncio
import dataclasses
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from autograder.grading.context import RunContext
from autograder.grading.live_suite import app_config
from autograder.live import postgres
from autograder.live.app import LiveApp
from autograder.spec import load_assignment
from autograder.submission import safe_copy
from autograder.uids import leased_uids
from tests.support.commands import POSTGRES_URL, REQUIRE_POSTGRES
from tests.support.markers import needs_bubblewrap

pytestmark = needs_bubblewrap


@pytest.fixture
def grade_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[postgres.GradingDatabase]:
    monkeypatch.setenv(postgres.ADMIN_URL_VARIABLE, POSTGRES_URL)
    try:
        database = postgres.provision()
    except Exception as error:
        if REQUIRE_POSTGRES:
            pytest.fail(f"no PostgreSQL database for the grader at {POSTGRES_URL}: {error}")
        pytest.skip(f"no PostgreSQL database for the grader at {POSTGRES_URL}: {error}")
    yield database
    postgres.drop(database)


def fetch(url: str, sql: str) -> list[asyncpg.Record]:
    async def run() -> list[asyncpg.Record]:
        connection = await asyncpg.connect(url.replace("+asyncpg", ""), timeout=10)
        try:
            return await connection.fetch(sql)
        finally:
            await connection.close()

    return asyncio.run(run())


def test_the_sandboxed_app_stores_its_data_in_the_grades_database_fresh_at_each_start(
    reference_of, grade_database
) -> None:
    assignment = dataclasses.replace(load_assignment("hw07"), week=10, database="postgresql")
    with tempfile.TemporaryDirectory(prefix="coursehub-") as scratch, leased_uids(2) as uids:
        work = Path(scratch)
        work.chmod(0o755)
        copy = safe_copy(reference_of(10), work / "submission")
        context = RunContext(assignment, copy.root, work, [], uids[0], uids[1], seed=1)
        config = app_config(context, copy.root, uids[0], grade_database)
        assert grade_database.password not in config["app_env"].values()
        folder = Path(config["postgres"]["socket_folder"])
        with postgres.socket_relay(folder, grade_database.host, grade_database.port):
            app = LiveApp(config)
            try:
                assert app.start(), app.startup_error
                transport = httpx.HTTPTransport(uds=config["socket"])
                with httpx.Client(transport=transport, base_url="http://testserver") as client:
                    login = {"username": "carol", "password": "carol-password"}
                    token = client.post("/api/auth/login", json=login).json()["access_token"]
                    made = client.post(
                        "/api/courses",
                        json={"code": "PG-101", "title": "On PostgreSQL", "max_groups": 3},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    assert made.status_code == 201, made.text
                rows = fetch(grade_database.url(), "SELECT code, max_groups FROM courses")
                assert ("PG-101", 3) in [tuple(row) for row in rows]
                app.restart()
                rows = fetch(grade_database.url(), "SELECT code FROM courses")
                assert "PG-101" not in [row["code"] for row in rows]
                assert len(rows) == 4  # the sample data again, and nothing else
            finally:
                app.stop()


def test_a_grades_role_cannot_connect_to_another_grades_database(grade_database) -> None:
    other = postgres.provision()
    try:
        intruder = dataclasses.replace(grade_database, name=other.name)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            fetch(intruder.url(), "SELECT 1")
        assert fetch(grade_database.url(), "SELECT 1")[0][0] == 1
    finally:
        postgres.drop(other)


def test_nothing_of_a_grade_is_left_on_the_server_after_it(monkeypatch) -> None:
    monkeypatch.setenv(postgres.ADMIN_URL_VARIABLE, POSTGRES_URL)
    with postgres.grading_database() as (database, unavailable):
        if database is None:
            if REQUIRE_POSTGRES:
                pytest.fail(unavailable)
            pytest.skip(unavailable)
        name = database.name
    left = fetch(
        POSTGRES_URL,
        f"SELECT datname FROM pg_database WHERE datname = '{name}' "
        f"UNION ALL SELECT rolname FROM pg_roles WHERE rolname = '{name}'",
    )
    assert left == []


def test_without_a_server_the_grade_runs_on_sqlite_and_says_why(monkeypatch) -> None:
    monkeypatch.setenv(postgres.ADMIN_URL_VARIABLE, "postgresql://nobody:x@127.0.0.1:1/postgres")
    with postgres.grading_database() as (database, unavailable):
        assert database is None
    assert unavailable is not None
    assert "127.0.0.1:1" in unavailable and "ran on SQLite" in unavailable
    assert postgres.ADMIN_URL_VARIABLE in unavailable


def test_the_relay_queues_many_connections_an_app_opens_at_once(tmp_path: Path) -> None:
    """Ten or more connections opened together (a race check) wait to be accepted, however
    late the relay's thread gets to them: none is refused. Nothing accepts here, so the
    listen queue alone holds them."""
    path = tmp_path / postgres.SOCKET_NAME
    server = postgres.RelayServer(path, ("127.0.0.1", 9))  # never served: nobody accepts
    clients = []
    try:
        for _ in range(50):
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.setblocking(False)
            clients.append(client)
            client.connect(str(path))  # BlockingIOError (EAGAIN) once the queue is full
    finally:
        for client in clients:
            client.close()
        server.server_close()
