"""Helpers for the repository's tests (fixtures live in conftest.py)."""

import os
import subprocess
import sys
from pathlib import Path

from courseware.paths import REPO_ROOT

POSTGRES_URL = os.environ.get(
    "COURSE_TEST_POSTGRES_URL", "postgresql://coursehub:coursehub@127.0.0.1:5432/postgres"
)
# CI sets this so that a PostgreSQL server that failed to start fails the run, not skips it.
REQUIRE_POSTGRES = os.environ.get("COURSE_REQUIRE_POSTGRES") == "1"


def run_course(
    *arguments: str, cwd: Path = REPO_ROOT, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the `course` CLI as a user would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "course.cli", *arguments],
        cwd=cwd,
        env=os.environ | {"PYTHONPATH": str(cwd), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def suite_environment(**extra: str) -> dict[str, str]:
    """The environment for running a week's own tests: nothing inherited that points them at a
    server or a database of ours (CourseHub's variables, or the capstone's)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("COURSEHUB_", "CONDUIT_"))
    }
    return clean | {"PYTHONDONTWRITEBYTECODE": "1"} | extra


# Plugins of this environment that no week's suite uses: importing them (hypothesis and
# schemathesis, for the fuzzer) costs every run of a suite well over a second.
UNUSED_PLUGINS = ("-p", "no:schemathesis", "-p", "no:hypothesispytest")


def run_week_suite(
    folder: Path, junit: Path, timeout: float = 300, **extra_env: str
) -> dict[str, str]:
    """Run a week's visible tests with plain pytest; return {test id: passed/failed/skipped}.

    `timeout` only stops a hung run: a test of behaviour under load raises it, since a
    starved run is slow by design."""
    import xml.etree.ElementTree as ET

    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", f"--junitxml={junit}", *UNUSED_PLUGINS, "tests"],
        cwd=folder,
        env=suite_environment(**extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if not junit.exists():
        raise AssertionError(
            f"pytest did not run in {folder}:\n{completed.stdout}\n{completed.stderr}"
        )
    outcomes = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            outcomes[test_id] = "failed"
        elif case.find("skipped") is not None:
            outcomes[test_id] = "skipped"
        else:
            outcomes[test_id] = "passed"
    assert outcomes, f"no tests ran in {folder}:\n{completed.stdout[-2000:]}"
    return outcomes
