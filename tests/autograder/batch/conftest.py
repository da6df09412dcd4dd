"""Assignments with short limits, so a whole class grades quickly, and a small HW0 class."""

import shutil
from pathlib import Path

import pytest

from autograder.spec import ASSIGNMENTS_DIR
from courseware.render import starter_path


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


@pytest.fixture
def team_class(tmp_path, reference_of) -> Path:
    """HW0 for two students: ada filled in TEAM.md, bob left the starter's template."""
    class_dir = tmp_path / "class"
    shutil.copytree(reference_of(1), class_dir / "ada")
    shutil.copytree(ASSIGNMENTS_DIR / "hw00/reference", class_dir / "ada", dirs_exist_ok=True)
    shutil.copytree(starter_path(1), class_dir / "bob")
    return class_dir
