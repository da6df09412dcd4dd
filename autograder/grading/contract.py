"""Contract assignments (HW3-HW5): the homework's visible and hidden tests share the points;
the week's other visible tests run as "(still works)" rows worth nothing."""

from autograder.grading.container_check import container_records
from autograder.grading.context import RunContext, total
from autograder.grading.live_suite import build_contract_suite, result_of, run_live_suite
from autograder.grading.migration_check import migration_records
from autograder.results.model import GradeResult, distribute


def grade_contract(context: RunContext, jobs: int) -> GradeResult:
    assignment = context.assignment
    suite = context.work / "suite"
    build_contract_suite(assignment, suite)
    run = run_live_suite(context, suite)
    hidden = {path.name for path in assignment.hidden_dir.glob("*.py")}
    scored = [
        r for r in run.tests if r.file in hidden or r.file.startswith(f"test_{assignment.id}_")
    ]
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
