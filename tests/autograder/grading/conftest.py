"""The untouched week-6 starter graded once, in every format, for the tests of what it says."""

from datetime import timedelta
from pathlib import Path

import pytest

from courseware.calendar import load_calendar
from courseware.render import starter_path
from courseware.term import HOMEWORK_BY_ID
from tests.support.commands import run_course

LATE_BY_A_DAY = (load_calendar().due(HOMEWORK_BY_ID["hw05"]) + timedelta(hours=20)).isoformat()


@pytest.fixture(scope="module")
def graded_starter(tmp_path_factory) -> dict[str, Path]:
    """hw05 graded on the untouched week-6 starter, in every format."""
    out = tmp_path_factory.mktemp("formats")
    files = {}
    for fmt in ("json", "gradescope", "junit", "markdown", "table"):
        files[fmt] = out / f"result.{fmt}"
        result = run_course(
            "grade",
            "hw05",
            str(starter_path(6)),
            "--format",
            fmt,
            "--out",
            str(files[fmt]),
            # The JSON grade is also measured against a student's deadline: a day late.
            *(["--student", "octocat", "--submitted-at", LATE_BY_A_DAY] if fmt == "json" else []),
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    return files
