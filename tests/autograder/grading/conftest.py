"""The untouched week-4 starter graded once, in every format, for the tests of what it says."""

from pathlib import Path

import pytest

from courseware.render import starter_path
from tests.support.commands import run_course


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
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    return files
