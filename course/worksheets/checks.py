"""A worksheet's checks, run apart from the student's code.

nbgrader would run the test cells in the student's own kernel, after the student's cells: there
a notebook can redefine what the tests call, patch `sqlite3` or `isinstance`, hand in an object
equal to anything, or turn test cells into `pass`. Here the checks run in a fresh interpreter,
in the sandbox, that never ran student code: it runs the instructor's locked cells and test
cells, taken from the source notebook, on the student's answers rebuilt from plain data
(`course.worksheets.answers`). Only the starter the answers are checked against is in reach.
"""

import json
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.sandbox import UNSANDBOXED, Limits, Sandbox, bubblewrap
from autograder.uids import leased_uids
from course.worksheets.answers import answer_names
from course.worksheets.catalogue import CHECKOUT_VARIABLE, Worksheet
from course.worksheets.notebooks import cell_text, nbgrader_meta
from courseware.errors import CourseError
from courseware.render import starter_path

DRIVER = Path(__file__).with_name("check_driver.py")
# For a whole notebook in the student's kernel, and for all of its checks in one interpreter.
LIMITS = Limits(cpu_seconds=600, memory_mb=2048, processes=64, file_size_mb=64, output_kb=256)
# As long as nbgrader gives a cell (`Execute.timeout` in worksheets/nbgrader_config.py).
SECONDS_PER_CHECK = 120
# Lets a process that is allowed to run outside the sandbox say so (set by
# `course worksheets autograde --allow-unsandboxed`, read by the kernel and by this module).
ALLOW_UNSANDBOXED = "COURSE_WORKSHEETS_ALLOW_UNSANDBOXED"


@dataclass(frozen=True)
class CheckResult:
    grade_id: str
    passed: bool
    error: str = ""  # the exception's type name
    message: str = ""  # its message (an assertion's: the author's words)
    assertion: bool = False  # it failed on an assert (so the message is the author's)
    hidden_line: bool = False  # the failing line is a hidden test's


def checked_cells(source: dict[str, Any]) -> list[dict[str, str]]:
    """The instructor's cells the checks need, in order: locked set-up cells, then each test
    cell where it stands. Answer cells are not among them: their values come as data."""
    cells = []
    for cell in source["cells"]:
        meta = nbgrader_meta(cell)
        if cell["cell_type"] != "code" or meta.get("solution"):
            continue
        if meta.get("grade"):
            cells.append({"kind": "check", "grade_id": meta["grade_id"], "source": cell_text(cell)})
        elif meta.get("locked"):
            cells.append({"kind": "setup", "grade_id": meta["grade_id"], "source": cell_text(cell)})
    return cells


def sandbox_allowed(environment: dict[str, str]) -> None:
    """Refuse, as the homework grader does, to run student data outside the sandbox unless
    the instructor said so."""
    if bubblewrap() is None and environment.get(ALLOW_UNSANDBOXED) != "1":
        raise CourseError(UNSANDBOXED)


def run_checks(
    sheet: Worksheet, source: dict[str, Any], answers: dict[str, Any], environment: dict[str, str]
) -> dict[str, CheckResult]:
    """Every test cell's result, by grade id; a check with no result (the checks ran out of
    time or memory) has failed, and says so."""
    sandbox_allowed(environment)
    cells = checked_cells(source)
    names = answer_names(source)
    marker = f"check-{secrets.token_hex(8)}:"
    checkout = starter_path(sheet.starter_week).resolve()
    with tempfile.TemporaryDirectory(prefix="worksheet-checks-") as scratch:
        folder = Path(scratch)
        folder.chmod(0o755)  # the sandbox's uid reads the given folder
        given = folder / "given"
        given.mkdir(mode=0o755)
        shutil.copyfile(DRIVER, given / DRIVER.name)
        payload = {
            "marker": marker,
            "seconds_per_check": SECONDS_PER_CHECK,
            "cells": cells,
            # Only the answers' names: an exported `__builtins__` or `fresh_database` is dropped.
            "answers": {name: answers[name] for name in names if name in answers},
            "answer_names": names,
        }
        (given / "checks.json").write_text(json.dumps(payload), encoding="utf-8")
        with leased_uids(1) as (uid,):
            readable = ((checkout, str(checkout)),)
            sandbox = Sandbox(given, folder / "work", LIMITS, uid, extra_ro=readable)
            inside = sandbox.inside("submission")
            process = sandbox.start(
                [sys.executable, "-I", f"{inside}/{DRIVER.name}", f"{inside}/checks.json"],
                {CHECKOUT_VARIABLE: str(checkout)},
                cwd=sandbox.inside("work"),
            )
            checks = sum(cell["kind"] == "check" for cell in cells)
            process.wait(timeout=SECONDS_PER_CHECK * (checks + 1))
            printed = process.output.text()
    results = {}
    for line in printed.splitlines():
        if line.startswith(marker):
            result = json.loads(line[len(marker) :])
            results[result["grade_id"]] = CheckResult(**result)
    unfinished = "the checks ran out of time or memory before this one"
    return {
        cell["grade_id"]: results.get(cell["grade_id"])
        or CheckResult(cell["grade_id"], False, "ChecksUnfinished", unfinished)
        for cell in cells
        if cell["kind"] == "check"
    }
