"""Fixtures for the repository's own tests: real subprocesses, real databases."""

import asyncio
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from courseware.paths import REPO_ROOT
from courseware.render import render_week
from tests.support.commands import POSTGRES_URL, REQUIRE_POSTGRES


@pytest.fixture(scope="session")
def reference_of(tmp_path_factory: pytest.TempPathFactory):
    """`reference_of(week)`: that week's reference, rendered once per session."""
    cache: dict[int, Path] = {}

    def render(week: int) -> Path:
        if week not in cache:
            cache[week] = render_week(week, "reference", tmp_path_factory.mktemp("ref") / "app")
        return cache[week]

    return render


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A throwaway copy of what `course render` reads and writes, to break on purpose."""
    for name in ("courseware", "course", "autograder", "solutions", "starter"):
        shutil.copytree(
            REPO_ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("uv.lock", "pyproject.toml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    return tmp_path


async def _admin(statement: str, url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; its SQLAlchemy URL is yielded."""
    # One database per test (and per xdist worker): a short, stable digest of the test's id.
    name = "course_test_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    try:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}"', POSTGRES_URL))
    except (OSError, Exception) as error:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    asyncio.run(_admin(f'CREATE DATABASE "{name}"', POSTGRES_URL))
    base = POSTGRES_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    yield f"{base}/{name}"
    asyncio.run(_drop(name))


async def _drop(name: str) -> None:
    """Drop a test database, waiting out a backend that FORCE may not end (autovacuum's)."""
    import asyncpg

    for attempt in range(20):
        try:
            await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', POSTGRES_URL)
            return
        except asyncpg.exceptions.InsufficientPrivilegeError:
            if attempt == 19:
                raise
            await asyncio.sleep(0.5)
