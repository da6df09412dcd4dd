"""The worksheets: nbgrader assignments, and what the course tools do with them.

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

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.errors import CourseError
from course.term import REPO_ROOT, homework

WORKSHEETS_DIR = REPO_ROOT / "worksheets"
CONFIG_FILE = "nbgrader_config.py"
SOURCE = "source"

# The environment variable a worksheet's setup cell reads to find the CourseHub checkout.
CHECKOUT_VARIABLE = "COURSEHUB_CHECKOUT"


@dataclass(frozen=True)
class Worksheet:
    assignment: str  # the nbgrader assignment id (the folder under source/)
    notebook: str  # the notebook's file name without .ipynb (nbgrader's notebook id)
    title: str
    week: int  # the teaching week that uses it
    starter_week: int  # the week of the CourseHub code its answers are checked against
    homework: str | None = None  # the homework id when it is graded as one

    def source(self, course_dir: Path = WORKSHEETS_DIR) -> Path:
        return course_dir / SOURCE / self.assignment / f"{self.notebook}.ipynb"


WORKSHEETS = (
    Worksheet("w02-scavenger-hunt", "scavenger-hunt", "Code scavenger hunt", 2, 2),
    Worksheet("w02-behavior-contract", "behavior-contract", "Behavior contracts", 2, 2),
    Worksheet("hw02-sql", "sql-worksheet", "HW2: SQL worksheet", 3, 3, homework="hw02"),
)
WORKSHEETS_BY_ID = {sheet.assignment: sheet for sheet in WORKSHEETS}


def worksheet(assignment: str) -> Worksheet:
    try:
        return WORKSHEETS_BY_ID[assignment]
    except KeyError:
        known = ", ".join(WORKSHEETS_BY_ID)
        raise CourseError(f"unknown worksheet {assignment!r}: known ones are {known}") from None


# ------------------------------------------------------------------ reading notebooks
# Plain JSON on purpose: importing nbformat costs more than a second in this environment.


def read_notebook(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path} is missing") from None
    except json.JSONDecodeError as error:
        raise CourseError(f"{path} is not a notebook: {error}") from None


def write_notebook(path: Path, notebook: dict[str, Any]) -> None:
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def nbgrader_meta(cell: dict[str, Any]) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {})


def graded_cells(notebook: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The cells that carry points, by grade id."""
    return {
        meta["grade_id"]: cell
        for cell in notebook["cells"]
        if (meta := nbgrader_meta(cell)).get("grade") and "grade_id" in meta
    }


def points(notebook: dict[str, Any]) -> tuple[int, int]:
    """(autograded points, manually graded points) of a notebook."""
    auto = manual = 0
    for cell in graded_cells(notebook).values():
        meta = nbgrader_meta(cell)
        if cell["cell_type"] == "code" and not meta.get("solution"):
            auto += meta.get("points", 0)
        else:
            manual += meta.get("points", 0)
    return auto, manual


# ------------------------------------------------------------------ the leak check

# nbgrader's delimiters (its defaults, which worksheets/nbgrader_config.py keeps).
REGIONS = (
    ("BEGIN SOLUTION", "END SOLUTION"),
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME"),
)
MARKERS = tuple(marker for region in REGIONS for marker in region)

# Lines too generic to be evidence of a leak when they also appear in a student version.
_TRIVIAL = {"", "'''", '"""', ")", "]", "}", "),", "],", "},", "```", "else:", "try:"}


def _region_lines(text: str) -> tuple[list[str], list[str]]:
    """Split a cell's lines into (inside a secret region, outside every region)."""
    inside: list[str] = []
    outside: list[str] = []
    closing: str | None = None
    for line in text.splitlines():
        if closing is None:
            opening = next((begin for begin, _ in REGIONS if begin in line), None)
            if opening is not None:
                closing = dict(REGIONS)[opening]
            else:
                outside.append(line)
        elif closing in line:
            closing = None
        else:
            inside.append(line)
    return inside, outside


def secret_lines(source: dict[str, Any]) -> set[str]:
    """Lines of a source notebook that only its solutions and hidden tests contain."""
    secret: set[str] = set()
    public: set[str] = set()
    for cell in source["cells"]:
        inside, outside = _region_lines(cell_text(cell))
        secret.update(line.strip() for line in inside)
        public.update(line.strip() for line in outside)
    return {line for line in secret - public if line not in _TRIVIAL and len(line) > 3}


def _visible_text(cell: dict[str, Any]) -> Iterator[str]:
    """Everything of a cell a student can read: its source, outputs and attachments."""
    yield cell_text(cell)
    for output in cell.get("outputs", []):
        yield json.dumps(output, ensure_ascii=False)
    if cell.get("attachments"):
        yield json.dumps(cell["attachments"], ensure_ascii=False)


def student_version_problems(source_path: Path, student_path: Path) -> list[str]:
    """What a generated student version leaks from its source, or misses; [] when clean."""
    source = read_notebook(source_path)
    student = read_notebook(student_path)
    problems: list[str] = []
    secrets = secret_lines(source)
    for number, cell in enumerate(student["cells"], start=1):
        where = f"{student_path.name}, cell {number} ({nbgrader_meta(cell).get('grade_id', '-')})"
        text = "\n".join(_visible_text(cell))
        problems += [f"{where}: nbgrader marker {m!r} left in" for m in MARKERS if m in text]
        if cell.get("outputs"):
            problems.append(f"{where}: has outputs (they may show an answer)")
        lines = {line.strip() for chunk in _visible_text(cell) for line in chunk.splitlines()}
        problems += [f"{where}: leaks {line!r}" for line in sorted(secrets & lines)]
    missing = set(graded_cells(source)) - set(graded_cells(student))
    problems += [f"{student_path.name}: graded cell {grade_id} is missing" for grade_id in missing]
    return problems


# ------------------------------------------------------------------ running nbgrader


def kernel_environment(folder: Path) -> dict[str, str]:
    """Environment variables under which nbgrader runs notebooks with this project's Python.

    A `python3` kernelspec in `folder` that starts `sys.executable` comes first on JUPYTER_PATH,
    so a kernelspec elsewhere on the machine (a user's own, another virtualenv's) can never
    grade a worksheet with different packages.
    """
    spec_dir = folder / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (CourseHub courseware)",
        "language": "python",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    (folder / "runtime").mkdir(exist_ok=True)
    return {
        "JUPYTER_PATH": os.pathsep.join(
            [str(folder), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
        ),
        "JUPYTER_RUNTIME_DIR": str(folder / "runtime"),
    }


def nbgrader(
    *arguments: str,
    course_dir: Path = WORKSHEETS_DIR,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run `nbgrader ARGUMENTS` in the course directory with this project's Python.

    nbgrader starts `alembic` by name when it creates a gradebook, so the folder of this
    Python's scripts goes first on PATH.
    """
    if not (course_dir / CONFIG_FILE).is_file():
        raise CourseError(f"{course_dir} is not an nbgrader course directory (no {CONFIG_FILE})")
    scripts = str(Path(sys.executable).parent)
    environment = os.environ | (env or {})
    environment["PATH"] = os.pathsep.join([scripts, environment.get("PATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=course_dir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_nbgrader(*arguments: str, course_dir: Path = WORKSHEETS_DIR, **kwargs: Any) -> str:
    """`nbgrader(...)`, failing with nbgrader's own log when the command fails."""
    completed = nbgrader(*arguments, course_dir=course_dir, **kwargs)
    if completed.returncode != 0:
        log = (completed.stdout + completed.stderr).strip().splitlines()
        tail = "\n".join(log[-30:])
        raise CourseError(f"`nbgrader {' '.join(arguments)}` failed:\n{tail}")
    return completed.stdout + completed.stderr


def copy_course(destination: Path, course_dir: Path = WORKSHEETS_DIR) -> Path:
    """A fresh course directory with only the committed parts: configuration and sources."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(course_dir / CONFIG_FILE, destination / CONFIG_FILE)
    shutil.copytree(
        course_dir / SOURCE,
        destination / SOURCE,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return destination


def check_student_versions(release_dir: Path, course_dir: Path = WORKSHEETS_DIR) -> list[str]:
    """Leak-check every generated notebook under release_dir against its source."""
    problems = []
    for sheet in WORKSHEETS:
        student = release_dir / sheet.assignment / f"{sheet.notebook}.ipynb"
        if not student.is_file():
            problems.append(f"{sheet.assignment}: no student version at {student}")
            continue
        problems += student_version_problems(sheet.source(course_dir), student)
    return problems


def _student_versions(scratch: Path) -> tuple[Path, list[str]]:
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
        return _student_versions(Path(scratch))[1]


def release_student_versions(out_dir: Path) -> list[Path]:
    """Build the student version of every worksheet into out_dir/<assignment>/.

    This is what the course website publishes: nbgrader's own generate_assignment output,
    leak-checked before it is copied out. Returns the notebooks written.
    """
    with tempfile.TemporaryDirectory(prefix="worksheets-") as scratch:
        release_dir, problems = _student_versions(Path(scratch))
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


# ------------------------------------------------------------------ the instructor's steps


def due_date(sheet: Worksheet) -> str | None:
    """nbgrader's due date for a worksheet graded as homework, from the course calendar."""
    if sheet.homework is None:
        return None
    from course.calendar import load_calendar

    return load_calendar().due(homework(sheet.homework)).isoformat()


def _exchange_env(exchange: Path | None) -> dict[str, str]:
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
        env=_exchange_env(exchange),
    )


def autograde(assignment: str, course_dir: Path = WORKSHEETS_DIR) -> None:
    """Autograde every submission of a worksheet, with this project's Python as the kernel."""
    worksheet(assignment)
    with tempfile.TemporaryDirectory(prefix="nbgrader-kernels-") as scratch:
        kernels = kernel_environment(Path(scratch))
        run_nbgrader("autograde", assignment, course_dir=course_dir, env=kernels)


def export(course_dir: Path = WORKSHEETS_DIR, to: Path | None = None) -> Path:
    """`nbgrader export`: every student's score of every assignment, as CSV."""
    target = (to or course_dir / "grades.csv").resolve()
    run_nbgrader("export", f"--to={target}", course_dir=course_dir)
    return target
