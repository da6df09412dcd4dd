"""Feedback a TA can send: each student's points per question, and why a check failed.

nbgrader's own feedback HTML shows every test cell as it ran, hidden tests included
(nbgrader issue #917). This one is made from the gradebook and from the error each test cell
was given by `course.worksheets.preprocessor`: for a failed check, the author's message or,
where the failing line is hidden, only the kind of error. No test's code, model answer or
traceback is in it.
"""

from pathlib import Path

from course.worksheets.catalogue import worksheet
from course.worksheets.notebooks import nbgrader_meta, read_notebook
from courseware.errors import CourseError
from courseware.files import write_atomic
from courseware.paths import WORKSHEETS_DIR


def failure_messages(autograded: Path) -> dict[str, str]:
    """grade id -> the student-safe message of each failed test cell of a graded notebook."""
    messages = {}
    for cell in read_notebook(autograded)["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id")
        for output in cell.get("outputs", []):
            if grade_id and output.get("output_type") == "error":
                messages[grade_id] = str(output.get("evalue", ""))
    return messages


def inline(text: str) -> str:
    """Text in one table cell: no line breaks, no table or code syntax of its own."""
    return " ".join(text.split()).replace("|", "\\|").replace("`", "'")


def student_feedback(title: str, student: str, rows: list[tuple[str, str, str]]) -> str:
    lines = [
        f"# {title}: feedback for {student}",
        "",
        "| question | points | note |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {points} | {inline(note)} |" for name, points, note in rows]
    return "\n".join(lines) + "\n"


def write_feedback(assignment: str, out: Path, course_dir: Path = WORKSHEETS_DIR) -> list[Path]:
    """One Markdown file per autograded student, `out/<student>.md`; returns them."""
    from nbgrader.api import Gradebook, MissingEntry  # a second to import: only here

    sheet = worksheet(assignment)
    graded = sorted((course_dir / "autograded").glob(f"*/{assignment}/{sheet.notebook}.ipynb"))
    if not graded:
        raise CourseError(
            f"no autograded {assignment} in {course_dir / 'autograded'}: "
            f"run `course worksheets autograde {assignment}` first"
        )
    written = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for path in graded:
            student = path.parent.parent.name
            try:
                notebook = gradebook.find_submission_notebook(sheet.notebook, assignment, student)
            except MissingEntry:
                continue  # graded by hand outside the gradebook: nothing to report
            messages = failure_messages(path)
            rows = []
            for grade in sorted(notebook.grades, key=lambda grade: grade.name):
                if grade.needs_manual_grade:
                    points, note = f"? / {grade.max_score:g}", "waits for your TA"
                else:
                    points = f"{grade.score:g} / {grade.max_score:g}"
                    note = messages.get(grade.name, "") if grade.score < grade.max_score else ""
                rows.append((grade.name, points, note))
            total = f"{notebook.score:g} / {notebook.max_score:g}"
            rows.append(("**total**", total, ""))
            target = out / f"{student}.md"
            write_atomic(target, student_feedback(sheet.title, student, rows))
            written.append(target)
    return written
