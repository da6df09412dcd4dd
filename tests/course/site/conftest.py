"""The built site, shared by every site test (one strict build per run), and a private
repository to plant leaks from."""

import fcntl
import json
from pathlib import Path

import pytest

from courseware.render import rendered_by_path
from tests.support.site import HIDDEN_TEST, build


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, str]:
    """One strict build for the whole run, shared by the pytest-xdist workers."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder every worker's temp folder lives in
    destination, log_file = shared / "built-site", shared / "built-site.log"
    with (shared / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait
        if not log_file.exists():
            result = build(destination)
            log = result.stdout + result.stderr
            assert result.returncode == 0, log[-6000:]
            log_file.write_text(log, encoding="utf-8")
    return destination, log_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_dir(built: tuple[Path, str]) -> Path:
    return built[0]


@pytest.fixture
def private(tmp_path: Path) -> dict[str, Path]:
    """A stand-in autograder/ and worksheets/source/ with one secret of each kind."""
    autograder = tmp_path / "private" / "autograder"
    hidden = autograder / "assignments" / "hw03" / "hidden"
    hidden.mkdir(parents=True)
    (hidden / "test_hw03_planted.py").write_text(HIDDEN_TEST, encoding="utf-8")

    # A mutant of a real line of week 2's reference, described as the autograder does.
    source = rendered_by_path(2, "reference")["coursehub/services/courses.py"].decode()
    find = next(line for line in source.splitlines() if "order_by" in line).strip()
    (autograder / "assignments" / "hw01").mkdir(parents=True)
    (autograder / "assignments" / "hw01" / "mutants.toml").write_text(
        "[[mutant]]\n"
        'name = "planted"\n'
        'behavior = "courses are listed in code order"\n'
        'file = "coursehub/services/courses.py"\n'
        f"find = {json.dumps(find)}\n"
        f"replace = {json.dumps(find.replace('order_by(', 'order_by(Course.title, '))}\n",
        encoding="utf-8",
    )
    worksheets = tmp_path / "private" / "worksheets" / "source" / "hw02-planted"
    worksheets.mkdir(parents=True)
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade_id": "a1"}},
                "source": [
                    "### BEGIN SOLUTION\n",
                    "PLANTED_QUERY = '''\n",
                    "SELECT courses.code, COUNT(study_groups.id) AS planted_count\n",
                    "FROM courses LEFT JOIN study_groups ON study_groups.course_id = courses.id\n",
                    "GROUP BY courses.id ORDER BY planted_count DESC\n",
                    "'''\n",
                    "### END SOLUTION\n",
                ],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (worksheets / "planted.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return {"autograder": autograder, "worksheets": worksheets.parent, "mutant_line": Path(find)}
