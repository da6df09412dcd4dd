"""The untouched week-6 starter graded once, in every format, for the tests of what it says.

The tests that read it share one worker (`xdist_group`), so it is graded once per run."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from autograder.results.formats import FORMATS, write_result
from autograder.results.model import GradeResult
from courseware.calendar import load_calendar
from courseware.render import starter_path
from courseware.term import HOMEWORK_BY_ID
from tests.support.commands import run_course

LATE_BY_A_DAY = (load_calendar().due(HOMEWORK_BY_ID["hw05"]) + timedelta(hours=20)).isoformat()


@pytest.fixture(scope="module")
def graded_starter(tmp_path_factory) -> dict[str, Path]:
    """hw05 graded on the untouched week-6 starter by `course grade --format json`, a day
    late, then written in every other format by the functions `--format` picks."""
    out = tmp_path_factory.mktemp("formats")
    files = {fmt: out / f"result.{fmt}" for fmt in FORMATS}
    result = run_course(
        "grade",
        "hw05",
        str(starter_path(6)),
        "--format",
        "json",
        "--out",
        str(files["json"]),
        # The grade is also measured against a student's deadline: a day late.
        "--student",
        "octocat",
        "--submitted-at",
        LATE_BY_A_DAY,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    graded = GradeResult.from_dict(json.loads(files["json"].read_text()))
    for fmt in FORMATS:
        if fmt != "json":
            write_result(graded, fmt, files[fmt])
    return files
