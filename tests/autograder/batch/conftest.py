"""Assignments with short limits, so a whole class grades quickly."""

import shutil
from pathlib import Path

import pytest

from autograder.spec import ASSIGNMENTS_DIR


@pytest.fixture
def fast_assignments(tmp_path) -> Path:
    """hw03 with short limits, so the hostile submissions of a class cost seconds, not minutes."""
    root = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR / "hw03", root / "hw03")
    spec = root / "hw03/assignment.toml"
    text = spec.read_text().split("[limits]")[0]
    spec.write_text(
        text + "[limits]\nstartup_seconds = 15\ntest_seconds = 3\ntotal_seconds = 240\n"
    )
    return root
