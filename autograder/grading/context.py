"""What every kind of grading shares: the run it belongs to, and how its checks add up to a
result."""

from dataclasses import dataclass
from pathlib import Path

from autograder.results.model import GradeResult, TestResult
from autograder.sandbox import Sandbox
from autograder.spec import Assignment


@dataclass(frozen=True)
class RunContext:
    assignment: Assignment
    copy_root: Path
    work: Path
    notes: list[str]
    # The uid the apps run as, and the one the student's own tests run as (HW1): leased for
    # this grade alone. Every run of one grade uses the same two, so that a run looks like
    # every other run of it.
    app_uid: int
    tests_uid: int
    # Draws the test data of this grade (`unique`, `unique_code`): a value harvested from one
    # grade names nothing in the next; the same seed gives the same grade again.
    seed: int


def whole_submission_failed(assignment: Assignment, submission: Path, why: str) -> GradeResult:
    return GradeResult(
        assignment=assignment.id,
        submission=submission.name,
        score=0,
        max_score=assignment.points,
        tests=[TestResult("submission", 0, assignment.points, "failed", why)],
        notes=[why],
    )


def total(context: RunContext, tests: list[TestResult], notes: list[str]) -> GradeResult:
    sandbox = Sandbox(context.copy_root, context.work, context.assignment.limits.sandbox())
    notes = [*context.notes, *notes]
    if not sandbox.isolated:
        notes.append(f"Sandbox: {sandbox.isolation}.")
    return GradeResult(
        assignment=context.assignment.id,
        submission="",
        score=round(sum(test.score for test in tests), 2),
        max_score=context.assignment.points,
        tests=tests,
        notes=notes,
        sandbox=sandbox.isolation,
        seed=context.seed,
    )
