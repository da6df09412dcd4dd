"""Contract assignments (HW3-HW5): the homework's visible and hidden tests share the points;
the week's other visible tests run as "(still works)" rows worth nothing."""

from autograder.grading.container_check import container_records
from autograder.grading.context import RunContext, total
from autograder.grading.live_suite import build_contract_suite, result_of, run_live_suite
from autograder.grading.migration_check import migration_records
from autograder.live.records import TestRecord
from autograder.results.model import GradeResult, distribute


def is_scored(record: TestRecord, hidden: set[str], homework_id: str) -> bool:
    """A hidden test, a test of the homework's own files (`test_hw03_*.py`), or a visible test
    marked with the homework (the capstone's). A marked test that needs the in-process app
    (the signing key, the SQL statements sent) skips itself live: like the week's other such
    tests it gets no row, and the hidden suite checks its sentence over HTTP."""
    if record.file in hidden or record.file.startswith(f"test_{homework_id}_"):
        return True
    return record.homework == homework_id and not record.skipped


def grade_contract(context: RunContext, jobs: int) -> GradeResult:
    assignment = context.assignment
    suite = context.work / "suite"
    build_contract_suite(assignment, suite)
    run = run_live_suite(context, suite)
    hidden = {path.name for path in assignment.hidden_dir.glob("*.py")}
    scored = [r for r in run.tests if is_scored(r, hidden, assignment.id)]
    if assignment.upgrades_from_week is not None:
        scored += migration_records(context)
    if assignment.container_contract is not None:
        scored += container_records(context.copy_root)
    # A test of the week that starts an app of its own skips itself here: no row.
    regression = [r for r in run.tests if r not in scored and not r.skipped]
    shares = distribute(assignment.points, [r.points for r in scored])
    tests = []
    for record, share in zip(scored, shares, strict=True):
        visibility = record.visibility or ("hidden" if record.file in hidden else "visible")
        tests.append(result_of(record, share, visibility))
    for record in regression:
        result = result_of(record, 0.0, "visible")
        result.given = True
        result.name = f"(still works) {result.name}"
        tests.append(result)
    notes = [run.startup_error, *run.notes] if run.startup_error else run.notes
    return total(context, tests, notes)
