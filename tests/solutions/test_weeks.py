"""Every rendered week: its starter fails exactly its homework's tests, and it serves /health.
(That its reference passes its visible suite, on SQLite and PostgreSQL, is checked in the
same run as the security probes: `test_probes.py`.)"""

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from courseware.paths import REPO_ROOT
from courseware.render import starter_path
from courseware.term import CAPSTONE_WEEKS, STARTER_WEEKS, homework_of_week, week_id
from tests.support.commands import run_week_suite, suite_environment

WEEKS = [pytest.param(week, id=week_id(week)) for week in STARTER_WEEKS]
# `course serve week-NN` serves CourseHub; the capstone's app is served by name, not by week.
COURSEHUB_WEEKS = [w for w in WEEKS if w.values[0] not in CAPSTONE_WEEKS]


def homework_marks(source: str, homework_id: str) -> tuple[bool, set[str]]:
    """Whether a test module is marked with the homework as a whole (`pytestmark = ...`), and
    the test functions marked one by one (`@pytest.mark.homework("capstone")`: the capstone's
    modules hold a milestone's tests next to the given ones)."""

    def is_mark(node: ast.AST) -> bool:
        return (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "pytest.mark.homework"
            and [ast.literal_eval(arg) for arg in node.args] == [homework_id]
        )

    tree = ast.parse(source)
    whole = any(
        isinstance(node, ast.Assign)
        and any(ast.unparse(target) == "pytestmark" for target in node.targets)
        and any(is_mark(part) for part in ast.walk(node.value))
        for node in tree.body
    )
    functions = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(map(is_mark, node.decorator_list))
    }
    return whole, functions


def homework_tests(outcomes: dict[str, str], week: int) -> set[str]:
    homework = homework_of_week(week)
    if homework is None or homework.kind != "contract":
        return set()
    # Its test_hwNN_* files, and any other test file or test marked with it (HW9's rules
    # tested below HTTP, which a live grade skips and so cannot score; the capstone's).
    marked_modules: set[str] = set()
    marked_tests: set[tuple[str, str]] = set()
    for path in (starter_path(week) / "tests").glob("test_*.py"):
        whole, functions = homework_marks(path.read_text(encoding="utf-8"), homework.id)
        if whole:
            marked_modules.add(path.stem)
        marked_tests |= {(path.stem, name) for name in functions}

    def is_homework(test: str) -> bool:
        module, _, name = test.partition("::")
        stem = module.rsplit(".", 1)[-1]
        return (
            f".test_{homework.id}_" in module
            or stem in marked_modules
            or (stem, name.split("[")[0]) in marked_tests
        )

    return {test for test in outcomes if is_homework(test)}


@pytest.mark.parametrize("week", WEEKS)
def test_starter_fails_exactly_the_homework_tests(week, tmp_path):
    outcomes = run_week_suite(starter_path(week), tmp_path / "junit.xml")
    failed = {test for test, outcome in outcomes.items() if outcome == "failed"}
    expected = homework_tests(outcomes, week)
    assert failed == expected, (
        f"passing on the untouched starter: {sorted(expected - failed)}; "
        f"failing but not homework: {sorted(failed - expected)}"
    )
    if homework_of_week(week) and homework_of_week(week).kind == "contract":
        assert expected, "a contract homework week ships the homework's visible tests"


def _free_socket_path(tmp_path: Path) -> Path:
    return tmp_path / "app.sock"


@pytest.mark.parametrize("starter", [False, True], ids=["reference", "starter"])
@pytest.mark.parametrize("week", COURSEHUB_WEEKS)
def test_course_serve_starts_the_week_and_answers_health(week, starter, tmp_path):
    sock = _free_socket_path(tmp_path)
    command = [sys.executable, "-m", "course.cli", "serve", week_id(week), "--uds", str(sock)]
    if starter:
        command.append("--starter")
    server = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=suite_environment(PYTHONPATH=str(REPO_ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not sock.exists():
            assert server.poll() is None, server.stdout.read().decode()
            assert time.monotonic() < deadline, "the server did not start within 30 s"
            time.sleep(0.1)
        with httpx.Client(
            transport=httpx.HTTPTransport(uds=str(sock)), base_url="http://app"
        ) as client:
            assert client.get("/health").json() == {"status": "ok", "database": "ok"}
            # Sample data is loaded: the Week 2 lesson logs in as alice.
            login = client.post(
                "/api/auth/login", json={"username": "alice", "password": "alice-password"}
            )
            assert login.status_code == 200
            assert "swagger-ui-bundle.js" in client.get("/docs").text
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)
    assert not (starter_path(week) / "coursehub.db").exists(), (
        "serve must not write into the starter"
    )
