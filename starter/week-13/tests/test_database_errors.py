"""A database that cannot answer gives a 503 the client may retry, in the error format, and
never a 500 or a traceback (given in week 9)."""

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpers import error_of

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COURSEHUB_TEST_BASE_URL")),
    reason="starts an app of its own on a database it then locks",
)


@pytest.fixture
def app_and_database(tmp_path: Path) -> Iterator[tuple[httpx.Client, Path]]:
    from fastapi.testclient import TestClient

    from coursehub.core.config import Settings
    from coursehub.main import create_app

    path = tmp_path / "app.db"
    settings = Settings(database_url=f"sqlite+aiosqlite:///{path}", seed_sample_data=True)
    with TestClient(create_app(settings)) as client:
        yield client, path


def test_a_locked_database_answers_503_with_retry_after(app_and_database) -> None:
    client, path = app_and_database
    assert client.get("/api/courses").status_code == 200
    # Another program holds the database's only write lock (and, in SQLite's default journal
    # mode, keeps readers out too) for longer than the app waits.
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        answer = client.get("/api/courses")
    finally:
        holder.rollback()
        holder.close()
    body = error_of(answer, 503)
    assert body["code"] == "service_unavailable"
    assert "Retry-After" in answer.headers
    assert "sqlite" not in answer.text.lower() and "locked" not in answer.text.lower()
    assert client.get("/api/courses").status_code == 200  # and it recovers by itself
