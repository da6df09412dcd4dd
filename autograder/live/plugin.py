"""A pytest plugin of the grader: runs a contract suite against a live, sandboxed app.

Registered by `autograder.live.grader_pytest` into the grader's own pytest process (never the
student's), which has already launched the submission's app in the sandbox. It points the
suite's `client` and `db` fixtures at it, restarts the app when a test leaves it hung or dead
(so one bad endpoint costs one test), never counting a boot against a test's time limit, and
writes every verdict to a results file
(`autograder.live.records`). Verdicts come only from what the suite observed over HTTP and in
the database.
"""

import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from autograder.live.app import LiveApp
from autograder.live.messages import (
    NOT_RUN_NO_APP,
    comparison,
    failing_step,
    route_of,
    student_message,
    timed_out,
)
from autograder.live.records import CollectedTest, ResultsFile, SessionRecord, TestRecord
from autograder.live.starvation import run_queue_waits, starved, waited_between

# A scored check that skips itself against a live app is the suite's mistake, never the
# student's: it fails so that calibration on the reference says so.
SKIPPED_IN_GRADER = (
    "This check did not run: it cannot run against a live app. Tell your TA; it is the "
    "grader's mistake, not yours."
)
# Seconds a health check waits on an app that just ran out of time with a processor free.
HUNG_APP_PATIENCE = 1.0


class GraderPlugin:
    def __init__(self, config: dict[str, Any], app: LiveApp) -> None:
        self.config = config
        self.app = app
        self.results_file = ResultsFile(Path(config["results"]))
        self.results: list[TestRecord] = []
        self.requests: list[tuple[str, str, int]] = []
        self.notes: list[str] = []
        self.started = 0  # tests begun
        self.restarted_after: list[str] = []
        self.waits_before: dict[int, float] = {}
        self.exit_status: int | None = None  # known once the session has finished

    # -- session ---------------------------------------------------------------------------
    def is_hidden(self, item: pytest.Item) -> bool:
        visibility = item.get_closest_marker("visibility")
        level = visibility.args[0] if visibility else None
        hidden_file = Path(str(item.path)).name in self.config.get("hidden_files", [])
        return hidden_file or level in ("hidden", "after_due_date")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """The hidden checks run last: a visible check's message, which may quote the app's
        answer, then never comes from an app that has seen a hidden request."""
        items.sort(key=self.is_hidden)  # stable: each group keeps its order

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Every test of the suite, first, so a test that never runs still gets its row."""
        self.results_file.write_collected(
            [
                CollectedTest(item.nodeid, item.name, Path(str(item.path)).name)
                for item in session.items
            ]
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """Every verdict is in the results file and the app is stopped: the grader's pytest
        ends here, first of the unconfigure hooks, rather than spend a third of a second on
        garbage collection and tearing its interpreter down."""
        if self.exit_status is not None:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(self.exit_status)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.exit_status = int(session.exitstatus)
        self.app.stop()
        record = SessionRecord(self.notes, self.app.startup_error, self.restarted_after)
        self.results_file.write_session(record)

    # -- each test -------------------------------------------------------------------------
    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
        """The outermost wrapper, around pytest-timeout's timer: the app boots and restarts
        here, within its own `startup_seconds`, and that time is never charged to a test."""
        if self.config.get("fresh_app_per_test") and self.started:
            self._restart()
        self.started += 1
        if not self.app.ready and not self.app.startup_error:
            self.app.ready = self.app.wait_ready()
        self.app.served_tests = True
        self.waits_before = run_queue_waits(self.app.group)
        outcome = yield
        last = self.results[-1] if self.results else None
        failed = last is not None and last.id == item.nodeid and not (last.passed or last.skipped)
        hung = last is not None and last.timed_out and not last.starved
        if failed and hung and self.config.get("fresh_app_per_test"):
            # A second time-out, alone on a fresh app: the app hangs, the machine is not to
            # blame, and the other slow checks keep their first verdict (no minutes lost).
            item.session.shouldstop = "a check ran out of time again, alone on a fresh app"
        if (
            failed
            and not self.app.startup_error
            and not self.app.healthy(timeout=self._patience(last))
        ):
            self.restarted_after.append(item.nodeid)
            self._restart()
        return outcome

    def _patience(self, last: TestRecord | None) -> float:
        """How long a failed check's app may take to answer its health check. On a busy
        machine it may take seconds; an app that ran out of time while it had a processor
        to itself is hung, and waiting longer for it only delays the next check (a restart
        of a healthy app costs no verdict)."""
        if last is not None and last.timed_out and not last.starved:
            return HUNG_APP_PATIENCE
        return float(self.config["startup_seconds"]) / 2

    def _restart(self) -> None:
        self.app.restart()

    @pytest.fixture(autouse=True)
    def _record_requests(self, request: pytest.FixtureRequest) -> None:
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

    def _store(self, item: pytest.Item, report: pytest.TestReport) -> None:
        points = item.get_closest_marker("points")
        visibility = item.get_closest_marker("visibility")
        function = getattr(item, "obj", None)
        hidden = self.is_hidden(item)
        if report.passed:
            message = ""
        elif report.skipped:
            message = SKIPPED_IN_GRADER
        elif self.app.startup_error:
            message = NOT_RUN_NO_APP
        else:
            message = student_message(report, author_words=not hidden)
            message = message or comparison(report, values=not hidden)
        test_file = Path(str(item.path)).name
        step = "" if report.passed or hidden else failing_step(report, test_file)
        requests = [
            (method, route_of(path) if hidden else path, status)
            for method, path, status in self.requests[-3:]
        ]
        out_of_time = not report.passed and timed_out(report)
        waited = 0.0
        if out_of_time:
            waited = waited_between(self.waits_before, run_queue_waits(self.app.group))
        record = TestRecord(
            id=item.nodeid,
            file=test_file,
            name=item.name,
            doc=(function.__doc__ or "").strip().split("\n")[0] if function else "",
            outcome=report.outcome if report.outcome in ("passed", "skipped") else "failed",
            message=message,
            step=step,
            requests=requests,
            points=float(points.args[0]) if points else 1.0,
            visibility=visibility.args[0] if visibility else None,
            given=item.get_closest_marker("given") is not None,
            homework=homework.args[0]
            if (homework := item.get_closest_marker("homework"))
            else None,
            timed_out=out_of_time,
            waited=round(waited, 2),
            starved=starved(waited, float(self.config["test_seconds"])),
        )
        self.results.append(record)
        # Written as it happens: a run cut short keeps every verdict it reached.
        self.results_file.write_test(record)
