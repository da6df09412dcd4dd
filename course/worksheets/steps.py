"""The instructor's steps on the worksheets: generate, release, autograde, export, check.

`worksheets/` is an nbgrader course directory. Its `source/<assignment>/` notebooks are the
instructor versions: answers between `### BEGIN SOLUTION` / `### END SOLUTION`, tests that
only the grader runs between `### BEGIN HIDDEN TESTS` / `### END HIDDEN TESTS`. Everything a
student or the website sees is made from them by nbgrader's own `generate_assignment`, and
checked here so that no answer and no hidden test ever leaves the source.

Every nbgrader step runs as nbgrader's own command (`python -m nbgrader ...`) in the course
directory, exactly as worksheets/README.md tells instructors to type it; this module adds only
what the commands cannot know: which worksheets exist, which kernel grades them, the due
dates from the course calendar, and the leak check.
"""

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from autograder.sandbox import bubblewrap
from course.worksheets.catalogue import WORKSHEETS, Worksheet, worksheet
from course.worksheets.checks import ALLOW_UNSANDBOXED, sandbox_allowed
from course.worksheets.leaks import check_student_versions, student_version_problems
from course.worksheets.nbgrader import copy_course, kernel_environment, run_nbgrader
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import WORKSHEETS_DIR
from courseware.term import homework

UNSANDBOXED_RUN = (
    "UNSANDBOXED: bubblewrap is missing, so these notebooks ran as you with only resource "
    "limits around them (--allow-unsandboxed)"
)


def build_student_versions(scratch: Path) -> tuple[Path, list[str]]:
    """Generate every student version in a scratch copy of the course directory.

    Returns the release folder and what the leak check found there. `--no-db`: the scratch
    course needs no gradebook, and the real one is never touched.
    """
    course = copy_course(scratch / "course")
    run_nbgrader("generate_assignment", "*", "--no-db", "--force", course_dir=course)
    release_dir = course / "release"
    return release_dir, check_student_versions(release_dir)


def check_worksheets() -> list[str]:
    """Build every student version and leak-check it; [] when all are clean."""
    with tempfile.TemporaryDirectory(prefix="worksheets-") as scratch:
        return build_student_versions(Path(scratch))[1]


def release_student_versions(out_dir: Path) -> list[Path]:
    """Build the student version of every worksheet into out_dir/<assignment>/.

    This is what the course website publishes: nbgrader's own generate_assignment output,
    leak-checked before it is copied out. Returns the notebooks written.
    """
    with tempfile.TemporaryDirectory(prefix="worksheets-") as scratch:
        release_dir, problems = build_student_versions(Path(scratch))
        if problems:
            raise CourseError("student versions leak:\n  " + "\n  ".join(problems))
        written = []
        for sheet in WORKSHEETS:
            target = out_dir / sheet.assignment
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(release_dir / sheet.assignment, target)
            written.append(target / f"{sheet.notebook}.ipynb")
    return written


def due_date(sheet: Worksheet) -> str | None:
    """nbgrader's due date for a worksheet graded as homework, from the course calendar."""
    if sheet.homework is None:
        return None
    return load_calendar().due(homework(sheet.homework)).isoformat()


def exchange_env(exchange: Path | None) -> dict[str, str]:
    return {} if exchange is None else {"NBGRADER_EXCHANGE": str(exchange)}


def generate(
    assignments: Sequence[str] | None = None,
    course_dir: Path = WORKSHEETS_DIR,
    env: dict[str, str] | None = None,
) -> list[str]:
    """`nbgrader generate_assignment` for the worksheets (all when None), with due dates.

    Returns what the leak check finds in the generated student versions ([] when clean).
    """
    sheets = WORKSHEETS if assignments is None else [worksheet(name) for name in assignments]
    for sheet in sheets:
        if (due := due_date(sheet)) is not None:
            # Before generating: generate_assignment keeps an existing assignment's due date.
            arguments = ("db", "assignment", "add", sheet.assignment, f"--duedate={due}")
            run_nbgrader(*arguments, course_dir=course_dir, env=env)
    # nbgrader reads the assignment id as a glob: one process generates them all.
    for pattern in ["*"] if assignments is None else [sheet.assignment for sheet in sheets]:
        run_nbgrader("generate_assignment", pattern, "--force", course_dir=course_dir, env=env)
    problems = []
    for sheet in sheets:
        student = course_dir / "release" / sheet.assignment / f"{sheet.notebook}.ipynb"
        problems += student_version_problems(sheet.source(course_dir), student)
    return problems


def release(
    assignment: str, course_dir: Path = WORKSHEETS_DIR, exchange: Path | None = None
) -> None:
    """Generate a worksheet and release it to the students through nbgrader's exchange
    (NBGRADER_EXCHANGE, or the folder `exchange`), unless its student version leaks."""
    problems = generate([assignment], course_dir)
    if problems:
        raise CourseError("not released, the student version leaks:\n  " + "\n  ".join(problems))
    run_nbgrader(
        "release_assignment",
        assignment,
        "--force",
        course_dir=course_dir,
        env=exchange_env(exchange),
    )


def autograde(
    assignment: str, course_dir: Path = WORKSHEETS_DIR, *, allow_unsandboxed: bool = False
) -> str:
    """Autograde every submission of a worksheet: student cells in a sandboxed kernel, test
    cells apart from them (`course.worksheets.preprocessor`). Returns nbgrader's log.

    Without bubblewrap a student's notebook would run as the grader's user, next to the
    gradebook: that takes `allow_unsandboxed`, and the log then says so first.
    """
    worksheet(assignment)
    environment = {ALLOW_UNSANDBOXED: "1"} if allow_unsandboxed else {}
    sandbox_allowed(environment)
    with tempfile.TemporaryDirectory(prefix="nbgrader-kernels-") as scratch:
        environment |= kernel_environment(Path(scratch))
        log = run_nbgrader("autograde", assignment, course_dir=course_dir, env=environment)
    if bubblewrap() is None:
        log = f"{UNSANDBOXED_RUN}\n{log}"
    return log


def export(course_dir: Path = WORKSHEETS_DIR, to: Path | None = None) -> Path:
    """`nbgrader export`: every student's score of every assignment, as CSV."""
    target = (to or course_dir / "grades.csv").resolve()
    run_nbgrader("export", f"--to={target}", course_dir=course_dir)
    return target
