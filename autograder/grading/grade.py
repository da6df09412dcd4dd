"""Grade one submission: `course grade ASSIGNMENT SUBMISSION_DIR`.

Three kinds of assignment share one path: copy the submission safely, run something against
it in the sandbox, and turn only what was observed into a `GradeResult`. Every failure of the
submission (no app, a crash, a hang, an attack) ends as a score and a message; only a broken
assignment spec or a missing submission folder is an error of the person running the grader.
"""

import os
import tempfile
from pathlib import Path

from autograder.grading.context import RunContext, whole_submission_failed
from autograder.grading.contract import grade_contract
from autograder.grading.setup import grade_setup
from autograder.grading.student_tests import grade_tests
from autograder.results.formats import write_result
from autograder.results.model import GradeResult
from autograder.spec import load_assignment
from autograder.submission import SubmissionError, safe_copy
from courseware.errors import CourseError


def grade(assignment_id: str, submission: Path, *, slot: int = 0, jobs: int = 1) -> GradeResult:
    assignment = load_assignment(assignment_id)
    if not submission.exists():
        raise CourseError(f"no submission at {submission}")
    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment.id}-") as scratch:
        work = Path(scratch)
        work.chmod(0o755)
        try:
            copy = safe_copy(submission, work / "submission")
        except SubmissionError as error:
            return whole_submission_failed(assignment, submission, f"Not graded: {error}.")
        context = RunContext(assignment, copy.root, work, slot, list(copy.notes))
        runner = {"contract": grade_contract, "tests": grade_tests, "setup": grade_setup}
        result = runner[assignment.kind](context, jobs)
    result.submission = submission.name
    return result


def grade_to_file(assignment_id: str, submission: Path, fmt: str, out: Path | None) -> GradeResult:
    result = grade(assignment_id, submission, jobs=os.cpu_count() or 1)
    write_result(result, fmt, out)
    return result
