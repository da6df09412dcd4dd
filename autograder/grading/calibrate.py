"""Calibration: an assignment is only released when the reference earns full marks (twice,
identically) and the untouched starter fails every check not marked as given. Rows left to a
TA (pending) are not failures; they must be the spec's rubric, one row per item, and on the
starter they must tell the student that its template is still to fill in."""

import os
import shutil
import tempfile
from pathlib import Path

from autograder.grading.grade import grade
from autograder.results.model import GradeResult
from autograder.spec import Assignment, load_assignment
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
    problems += rubric_problems(assignment, first, starter)
    return problems


def rubric_problems(
    assignment: Assignment, reference: GradeResult, starter: GradeResult
) -> list[str]:
    """The pending rows are exactly the rubric's, the rows add up to the spec's points, and the
    starter's rows say that each file is still to be written."""
    problems = []
    rows = [t for t in reference.tests if t.status == "pending"]
    declared = [(item.row_name, item.points) for item in assignment.rubric]
    if [(t.name, t.max_score) for t in rows] != declared:
        problems.append(
            f"{assignment.id}: the pending rows {[(t.name, t.max_score) for t in rows]} are not "
            f"the rubric's {declared}"
        )
    maximum = sum(t.max_score for t in reference.tests)
    if abs(maximum - assignment.points) > 0.005:
        problems.append(
            f"{assignment.id}: the rows are worth {maximum:g} points, the spec says "
            f"{assignment.points:g}"
        )
    by_name = {t.name: t for t in starter.tests}
    for item in assignment.rubric:
        row = by_name.get(item.row_name)
        if row is None or not row.output.startswith(f"{item.file} is "):
            problems.append(
                f"{assignment.id}: on the untouched starter the row of {item.file} does not say "
                f"it is missing or still the template ({row.output if row else 'no row'})"
            )
    return problems
