"""Grade one submission: `course grade ASSIGNMENT SUBMISSION_DIR`.

Three kinds of assignment share one path: copy the submission safely, run something against
it in the sandbox, and turn only what was observed into a `GradeResult`. Every failure of the
submission (no app, a crash, a hang, an attack) ends as a score and a message; only a broken
assignment spec or a missing submission folder is an error of the person running the grader.
"""

import os
import secrets
from datetime import datetime
from pathlib import Path

from autograder.grading.context import RunContext, whole_submission_failed
from autograder.grading.contract import grade_contract
from autograder.grading.setup import grade_setup
from autograder.grading.student_tests import grade_tests
from autograder.results.formats import write_result
from autograder.results.lateness import apply_deadline
from autograder.results.model import GradeResult
from autograder.sandbox import UNSANDBOXED, bubblewrap, scratch_folder, size_capped
from autograder.spec import load_assignment
from autograder.submission import SubmissionError, safe_copy
from autograder.uids import leased_uids
from courseware.errors import CourseError


def grade(
    assignment_id: str,
    submission: Path,
    *,
    jobs: int = 1,
    seed: int | None = None,
    allow_unsandboxed: bool = False,
) -> GradeResult:
    """Grade `submission`; `seed` repeats an earlier grade's test data (its result says it).

    Without bubblewrap a student's code would run with only resource limits around it: that
    takes `allow_unsandboxed`, and the result's notes then say what is missing.
    """
    assignment = load_assignment(assignment_id)
    if not submission.exists():
        raise CourseError(f"no submission at {submission}")
    if bubblewrap() is None and not allow_unsandboxed:
        raise CourseError(UNSANDBOXED)
    seed = secrets.randbelow(2**31) if seed is None else seed
    # Left in reverse: the leased uids' processes are killed, then the capped folder goes.
    with (
        # A name that says nothing: the app sees its host path in /proc/self/mountinfo.
        scratch_folder() as scratch,
        size_capped(Path(scratch) / "app-runs", assignment.limits.work_mb),
        leased_uids(2) as (app_uid, tests_uid),
    ):
        work = Path(scratch)
        work.chmod(0o755)
        try:
            copy = safe_copy(submission, work / "submission")
        except SubmissionError as error:
            return whole_submission_failed(assignment, submission, f"Not graded: {error}.")
        context = RunContext(
            assignment, copy.root, work, list(copy.notes), app_uid, tests_uid, seed
        )
        runner = {"contract": grade_contract, "tests": grade_tests, "setup": grade_setup}
        result = runner[assignment.kind](context, jobs)
    result.submission = submission.name
    return result


def grade_to_file(
    assignment_id: str,
    submission: Path,
    fmt: str,
    out: Path | None,
    seed: int | None = None,
    allow_unsandboxed: bool = False,
    handed_in: tuple[str, datetime] | None = None,
) -> GradeResult:
    """`grade`, written in `fmt`; `handed_in` (student, moment) measures it against that
    student's deadline."""
    result = grade(
        assignment_id,
        submission,
        jobs=os.cpu_count() or 1,
        seed=seed,
        allow_unsandboxed=allow_unsandboxed,
    )
    if handed_in is not None:
        apply_deadline(result, *handed_in)
    write_result(result, fmt, out)
    return result
