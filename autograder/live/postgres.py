"""A PostgreSQL database of its own for each graded submission (HW9 on).

The grader holds an account on a PostgreSQL server that may create roles and databases
(`COURSE_GRADER_POSTGRES_URL`). For one grade it creates a role with a random password and a
database that role owns, which no other role may connect to; the app gets that role alone.
The app's sandbox has no network, so the grader listens on a Unix socket named as PostgreSQL
names its own (`.s.PGSQL.5432`) in a folder bound into the sandbox, and relays each
connection to the server. Every start of the app gets the database dropped and created again,
as every start on SQLite gets a new file. Afterwards the database and the role are dropped.

Where no server answers, or the grader's account may not create roles and databases, the
grade runs on SQLite and its feedback says so (`unavailable_note`).
"""

import asyncio
import os
import secrets
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from autograder.live.smtp_relay import forward

ADMIN_URL_VARIABLE = "COURSE_GRADER_POSTGRES_URL"
DEFAULT_ADMIN_URL = "postgresql://coursehub:coursehub@127.0.0.1:5432/postgres"
# The file name libpq and asyncpg look for in a socket folder (`?host=/folder`).
SOCKET_NAME = ".s.PGSQL.5432"
# A submission's app may hold this many connections: an app that opens thousands cannot use
# up the server's and make a classmate's grade fail.
CONNECTION_LIMIT = 25
ADMIN_TIMEOUT = 10
DROP_ATTEMPTS = 30


@dataclass(frozen=True)
class GradingDatabase:
    """One grade's role and database, and where each side reaches them."""

    admin_url: str  # the grader's account (never given to the app)
    host: str
    port: int
    role: str
    password: str
    name: str

    def url(self, driver: str = "postgresql+asyncpg") -> str:
        """The grader's own way in (TCP), for the suite's `db` fixture."""
        return (
            f"{driver}://{self.role}:{quote(self.password, safe='')}@"
            f"{self.host}:{self.port}/{self.name}"
        )

    def app_url(self, socket_folder: str) -> str:
        """The app's way in: the relay's socket folder, as seen inside the sandbox."""
        return (
            f"postgresql+asyncpg://{self.role}:{quote(self.password, safe='')}@/{self.name}"
            f"?host={socket_folder}"
        )

    def as_config(self) -> dict[str, str | int]:
        return asdict(self)


def admin_url() -> str:
    return os.environ.get(ADMIN_URL_VARIABLE, DEFAULT_ADMIN_URL)


async def _run_admin(url: str, *statements: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=ADMIN_TIMEOUT)
    try:
        for statement in statements:
            for attempt in range(DROP_ATTEMPTS):
                try:
                    await connection.execute(statement)
                    break
                except asyncpg.ObjectInUseError:
                    # FORCE ends the app's connections, not a worker of the server's own
                    # (autovacuum) that may be in the database for a moment.
                    if attempt == DROP_ATTEMPTS - 1:
                        raise
                    await asyncio.sleep(0.1)
    finally:
        await connection.close()


def run_admin(url: str, *statements: str) -> None:
    """Run statements one by one outside a transaction (CREATE DATABASE cannot run in one)."""
    asyncio.run(_run_admin(url, *statements))


def provision(url: str | None = None) -> GradingDatabase:
    """A new role and an empty database it owns. Raises OSError (no server), or asyncpg's
    errors (an account that may not create roles or databases)."""
    url = url or admin_url()
    parts = urlsplit(url)
    token = secrets.token_hex(6)
    database = GradingDatabase(
        admin_url=url,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        role=f"grade_{token}",
        password=secrets.token_urlsafe(24),
        name=f"grade_{token}",
    )
    run_admin(
        url,
        f"CREATE ROLE {database.role} LOGIN PASSWORD '{database.password}' "
        f"CONNECTION LIMIT {CONNECTION_LIMIT}",
        # A server's account that is no superuser may make a database only for a role it
        # belongs to.
        f"GRANT {database.role} TO CURRENT_USER",
    )
    try:
        reset(database)
    except BaseException:
        run_admin(url, f"DROP ROLE IF EXISTS {database.role}")
        raise
    return database


def reset(database: GradingDatabase) -> None:
    """Drop the database (and whatever still holds a connection to it) and create it empty."""
    run_admin(
        database.admin_url,
        f"DROP DATABASE IF EXISTS {database.name} WITH (FORCE)",
        f"CREATE DATABASE {database.name} OWNER {database.role}",
        # Only its owner connects: not another grade's role, not the public.
        f"REVOKE CONNECT, TEMPORARY ON DATABASE {database.name} FROM PUBLIC",
    )


def drop(database: GradingDatabase) -> None:
    run_admin(
        database.admin_url,
        f"DROP DATABASE IF EXISTS {database.name} WITH (FORCE)",
        f"DROP ROLE IF EXISTS {database.role}",
    )


@contextmanager
def grading_database() -> Iterator[tuple[GradingDatabase | None, str | None]]:
    """This grade's database and None, or None and why there is none; dropped afterwards."""
    try:
        database = provision()
    except Exception as error:
        yield None, unavailable_note(admin_url(), error)
        return
    try:
        yield database, None
    finally:
        drop(database)


def unavailable_note(url: str, error: BaseException) -> str:
    parts = urlsplit(url)
    where = f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return (
        f"This homework is graded on PostgreSQL, but the grader could not get a database from "
        f"the server at {where} ({reason}), so it ran on SQLite. A grade on SQLite may differ "
        "(concurrent requests above all): your TA grades again once the server is back "
        f"(the grader's account, {ADMIN_URL_VARIABLE}, must be able to create roles and "
        "databases)."
    )


class _Relay(socketserver.BaseRequestHandler):
    """One app connection, copied byte for byte to the server and back until both are done."""

    server: "RelayServer"

    def handle(self) -> None:
        try:
            upstream = socket.create_connection(self.server.target, timeout=ADMIN_TIMEOUT)
        except OSError:
            return
        upstream.settimeout(None)
        forward(self.request, upstream)


class RelayServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    # Connections waiting to be accepted. socketserver's default of 5 is too few: an app that
    # opens ten connections at once (HW9's race) while the machine is busy finds the queue
    # full, and a Unix socket then refuses with EAGAIN at once, which the app answers as a
    # 500. The student would lose a check for the machine's sake.
    request_queue_size = 128

    def __init__(self, path: Path, target: tuple[str, int]) -> None:
        self.target = target
        super().__init__(str(path), _Relay)


@contextmanager
def socket_relay(folder: Path, host: str, port: int) -> Iterator[Path]:
    """Listen on `folder/.s.PGSQL.5432` (reachable by the app's uid) and relay to the server,
    for as long as the block runs."""
    path = folder / SOCKET_NAME
    path.unlink(missing_ok=True)
    server = RelayServer(path, (host, port))
    path.chmod(0o666)
    thread = threading.Thread(target=server.serve_forever, name="postgres-relay", daemon=True)
    thread.start()
    try:
        yield path
    finally:
        server.shutdown()
        server.server_close()
        path.unlink(missing_ok=True)
