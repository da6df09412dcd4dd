"""A pytest plugin the grader puts beside a student's own tests (HW1): the app boots while
their pytest starts and collects, and the first test begins only once the app answers, so the
boot is outside every test's time limit. It reads only what the grader sets.

It also ends the process as soon as the run is over: the grader needs only the exit status
and the printed summary, not the interpreter's teardown (a fifth of a second, once for the
working app and once for each planted bug)."""

import os
import sys
import time

import httpx
import pytest

_finished: list[pytest.Session] = []


def pytest_collection_finish(session: pytest.Session) -> None:
    socket = os.environ["COURSEHUB_TEST_BASE_URL"].removeprefix("unix:")
    deadline = time.monotonic() + float(os.environ["COURSEHUB_TEST_STARTUP_SECONDS"])
    # A Unix socket carries plain HTTP: no certificate bundle to load for it.
    transport = httpx.HTTPTransport(uds=socket, verify=False)
    with httpx.Client(transport=transport, base_url="http://testserver", timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if client.get("/health").status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    _finished.append(session)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """First of the unconfigure hooks: what the others do (a garbage collection) is teardown."""
    if _finished:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(int(_finished[-1].exitstatus))
