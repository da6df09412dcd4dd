"""Calibration: an assignment is only released when the reference earns full marks (twice,
identically) and the untouched starter fails every check not marked as given."""

import os
import shutil
import tempfile
from pathlib import Path

from autograder.grading.grade import grade
from autograder.spec import load_assignment
from courseware.render import rendered, starter_path, write_tree

JOBS = os.cpu_count() or 1


def calibrate(assignment_id: str) -> list[str]:
    """Problems with an assignment: the reference must earn full marks (twice, identically),
    the untouched starter must fail every check not marked as given."""
    assignment = load_assignment(assignment_id)
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        reference = Path(scratch) / "reference"
        write_tree(rendered(assignment.week, "reference"), reference)
        # What a model student adds besides code (e.g. HW0's report and team agreement).
        extras = assignment.folder / "reference"
        if extras.is_dir():
            shutil.copytree(extras, reference, dirs_exist_ok=True)
        # Calibration runs only the course's own code: it needs no sandbox to be safe.
        first = grade(assignment_id, reference, jobs=JOBS, allow_unsandboxed=True)
        # The same test data again: a grade must repeat exactly.
        second = grade(
            assignment_id,
            reference,
            jobs=os.cpu_count() or 1,
            seed=first.seed,
            allow_unsandboxed=True,
        )
    scored = [t for t in first.tests if t.status != "pending"]
    problems += [
        f"{assignment_id}: fails on the reference: {t.name}: {t.output}"
        for t in scored if t.status != "passed"
    ]  # fmt: skip
    if first.to_dict() != second.to_dict():
        changed = [a.name for a, b in zip(first.tests, second.tests, strict=False) if a != b]
        problems.append(
            f"{assignment_id}: grading the reference twice gave different results "
            f"({', '.join(changed[:5]) or 'notes differ'})"
        )
    starter = grade(
        assignment_id,
        starter_path(assignment.week),
        jobs=os.cpu_count() or 1,
        allow_unsandboxed=True,
    )
    problems += [
        f"{assignment_id}: passes on the untouched starter but is not marked given: {t.name}"
        for t in starter.tests
        if t.status == "passed" and not t.given
    ]
    return problems
