"""Worksheet submissions made from the source notebooks, and nbgrader's gradebook read back."""

import copy
import sqlite3
from pathlib import Path

from course.worksheets.catalogue import CHECKOUT_VARIABLE
from course.worksheets.nbgrader import copy_course, kernel_environment
from course.worksheets.notebooks import cell_text, nbgrader_meta
from courseware.paths import REPO_ROOT


def scratch_course(root: Path) -> tuple[Path, dict[str, str]]:
    """A scratch copy of worksheets/ under `root`, and the environment nbgrader grades in.

    The notebooks find the week's CourseHub as a TA's clone has it: starter/ next to
    worksheets/, found by walking up from the submission's folder.
    """
    course = copy_course(root / "worksheets")
    (root / "starter").symlink_to(REPO_ROOT / "starter", target_is_directory=True)
    (root / "jupyter-config").mkdir()
    env = kernel_environment(root / "jupyter") | {
        CHECKOUT_VARIABLE: "",
        "JUPYTER_CONFIG_DIR": str(root / "jupyter-config"),
        "PYTHONDONTWRITEBYTECODE": "1",  # the kernels import the committed starters
    }
    return course, env


def model_answer(cell: dict) -> str:
    """A source cell's text with nbgrader's solution delimiters taken out."""
    lines = cell_text(cell).splitlines(keepends=True)
    return "".join(
        line for line in lines if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
    )


def filled_in(released: dict, source: dict, instead: dict[str, str | None]) -> dict:
    """The student version with every answer cell filled in: the model answer, or `instead`."""
    answers = {
        nbgrader_meta(cell)["grade_id"]: model_answer(cell)
        for cell in source["cells"]
        if nbgrader_meta(cell).get("solution")
    }
    notebook = copy.deepcopy(released)
    for cell in notebook["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in instead:
            if instead[grade_id] is not None:
                cell["source"] = instead[grade_id]
        elif grade_id in answers:
            cell["source"] = answers[grade_id]
    return notebook


def gradebook_cells(database: Path) -> dict[tuple[str, str, str], tuple[float | None, float, bool]]:
    """(assignment, student, grade id) -> (autograded score, max score, needs a manual grade),
    read from nbgrader's gradebook as formgrader shows it."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            """
            SELECT assignment.name, submitted.student_id, cell.name,
                   grade.auto_score, grade_cell.max_score, grade.needs_manual_grade
            FROM grade
            JOIN base_cell AS cell ON cell.id = grade.cell_id
            JOIN grade_cells AS grade_cell ON grade_cell.id = cell.id
            JOIN submitted_notebook AS notebook ON notebook.id = grade.notebook_id
            JOIN submitted_assignment AS submitted ON submitted.id = notebook.assignment_id
            JOIN assignment ON assignment.id = submitted.assignment_id
            """
        ).fetchall()
    return {(a, s, g): (auto, top, bool(manual)) for a, s, g, auto, top, manual in rows}
