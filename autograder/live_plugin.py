"""A pytest plugin of the grader: runs a contract suite against a live, sandboxed app.

Loaded with `-p autograder.live_plugin --grader-config FILE` into the grader's own pytest
process (never the student's). It starts the submission's app in the sandbox, points the
suite's `client` and `db` fixtures at it, restarts the app when a test leaves it hung or dead
(so one bad endpoint costs one test), and writes every verdict to a results file. Verdicts come
only from what the suite observed over HTTP and in the database.
"""

import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from autograder.sandbox import Limits, Sandbox, SandboxedProcess

MAX_MESSAGE = 600


class LiveApp:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.work = Path(config["work"])
        self.socket = self.work / "app.sock"
        self.sandbox = Sandbox(
            submission=Path(config["submission"]),
            work=self.work,
            limits=Limits(**config["limits"]),
            slot=config.get("slot", 0),
            extra_ro=tuple((Path(a), b) for a, b in config.get("extra_ro", [])),
        )
        self.process: SandboxedProcess | None = None
        self.launched_at = 0.0
        self.ready = False
        self.startup_error: str | None = None
        self.restarts = 0

    def start(self) -> bool:
        self.launch()
        return self.wait_ready()

    def launch(self) -> None:
        """Start the app without waiting for it (it boots while pytest collects the suite)."""
        self.socket.unlink(missing_ok=True)
        self.startup_error = None
        inside_work = self.sandbox.inside("work")
        env = {key: value for key, value in self.config["app_env"].items()}
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{inside_work}/app.db"
        argv = [
            self.config["python"], "-m", "uvicorn", "coursehub.main:app",
            "--uds", f"{inside_work}/app.sock", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        self.process = self.sandbox.start(argv, env, cwd=self.sandbox.inside("submission"))
        self.launched_at = time.monotonic()

    def wait_ready(self) -> bool:
        assert self.process is not None
        deadline = self.launched_at + float(self.config["startup_seconds"])
        while time.monotonic() < deadline:
            if not self.process.alive():
                break
            if self.healthy(timeout=2):
                return True
            time.sleep(0.1)
        self.process.kill()
        output = self.process.output.text().strip()
        reason = (
            "it stopped before answering" if self.process.process.returncode is not None else
            f"it did not answer GET /health within {self.config['startup_seconds']} s"
        )  # fmt: skip
        tail = "\n".join(output.splitlines()[-25:])
        self.startup_error = (
            f"Your app did not start: {reason}. We ran `uvicorn coursehub.main:app` in your "
            f"repository on a fresh SQLite database with the sample data.\n{tail}"
        ).strip()
        return False

    def healthy(self, timeout: float = 3) -> bool:
        if not self.socket.exists():
            return False
        try:
            transport = httpx.HTTPTransport(uds=str(self.socket))
            with httpx.Client(transport=transport, base_url="http://app", timeout=timeout) as c:
                return c.get("/health").status_code == 200
        except httpx.HTTPError:
            return False

    def restart(self) -> None:
        if self.process:
            self.process.kill()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process:
            self.process.kill()
        self.socket.unlink(missing_ok=True)


class GraderPlugin:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.app = LiveApp(config)
        self.results: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str, int]] = []
        self.notes: list[str] = []

    # -- session ---------------------------------------------------------------------------
    def pytest_configure(self, config: pytest.Config) -> None:
        # The suite's conftest reads where the app is (COURSEHUB_TEST_BASE_URL, ...) from the
        # environment the grader gave this process: it is imported before this hook runs.
        self.app.launch()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Every test of the suite, first, so a test that never runs still gets its row."""
        collected = [[item.nodeid, item.name, Path(str(item.path)).name] for item in session.items]
        self._write({"type": "collected", "tests": collected})

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.app.stop()
        if self.app.restarts:
            self.notes.append(
                f"Your app stopped answering during the tests and was restarted "
                f"{self.app.restarts} time(s); the tests that hung or crashed it failed."
            )
        self._write(
            {"type": "session", "notes": self.notes, "startup_error": self.app.startup_error}
        )

    def _write(self, entry: dict[str, Any]) -> None:
        """One JSON line per verdict, written as it happens: a run cut short keeps them."""
        with open(self.config["results"], "a", encoding="utf-8") as results:
            results.write(json.dumps(entry) + "\n")

    # -- each test -------------------------------------------------------------------------
    @pytest.fixture(autouse=True)
    def _record_requests(self, request: pytest.FixtureRequest) -> None:
        if not self.app.ready and not self.app.startup_error:
            self.app.ready = self.app.wait_ready()
        if self.app.startup_error:
            pytest.fail(self.app.startup_error, pytrace=False)
        if "client" in request.fixturenames:
            client = request.getfixturevalue("client")
            if self._record not in client.event_hooks["response"]:
                client.event_hooks["response"].append(self._record)

    def _record(self, response: httpx.Response) -> None:
        self.requests.append(
            (response.request.method, response.request.url.path, response.status_code)
        )

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.requests = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
        report = yield
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            self._store(item, report)
        return report

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        failed = any(r["id"] == item.nodeid and r["outcome"] != "passed" for r in self.results[-1:])
        if failed and not self.app.startup_error and not self.app.healthy():
            self.app.restart()

    def _store(self, item: pytest.Item, report: pytest.TestReport) -> None:
        points = item.get_closest_marker("points")
        visibility = item.get_closest_marker("visibility")
        record = {
            "type": "test",
            "id": item.nodeid,
            "file": Path(str(item.path)).name,
            "name": item.name,
            "doc": (getattr(item, "obj", None).__doc__ or "").strip().split("\n")[0]
            if getattr(item, "obj", None)
            else "",
            "outcome": "passed" if report.passed else "failed",
            "message": "" if report.passed else student_message(report),
            "requests": self.requests[-3:],
            "points": float(points.args[0]) if points else 1.0,
            "visibility": visibility.args[0] if visibility else None,
            "given": item.get_closest_marker("given") is not None,
        }
        self.results.append(record)
        self._write(record)


def student_message(report: pytest.TestReport) -> str:
    """What went wrong, in the test author's words, never quoting test code.

    pytest's crash message is either the author's text (`assert ok, "expected 201, got 500"`),
    possibly followed by pytest's rewritten expression, or only that expression; the
    expression is test code (and may hold tokens), so it is never shown.
    """
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else ""
    if "Timeout" in text:
        return "No answer in time: the request hung (look for an endless loop or a blocking call)."
    if text.startswith("Failed: "):
        return _clip(text.removeprefix("Failed: "))
    kind, _, rest = text.partition(": ")
    if text.startswith("assert ") or (kind == "AssertionError" and rest.startswith("assert ")):
        return ""
    if kind == "AssertionError" or "\nassert " in text:
        return _clip(text.removeprefix("AssertionError: ").split("\nassert ")[0])
    if kind.startswith("httpx.") or kind in {"ReadTimeout", "ConnectError", "RemoteProtocolError"}:
        return "Your app did not answer (it crashed, hung or closed the connection)."
    if "JSONDecodeError" in kind:
        return "Your app answered with a body that is not JSON."
    if kind in {"KeyError", "TypeError", "IndexError", "StopIteration", "AttributeError"}:
        return "The response does not have the shape the contract describes (a missing field?)."
    if "Error" not in kind and "\n" not in text and text:
        # The author's message of a plain `assert cond, message`.
        return _clip(text)
    return ""


def _clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--grader-config", help="the grader's run description (JSON)")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--grader-config")
    if path:
        plugin = GraderPlugin(json.loads(Path(path).read_text()))
        # Registered during configure: pytest replays `pytest_configure` on it right away.
        config.pluginmanager.register(plugin, "coursegrader-live")
