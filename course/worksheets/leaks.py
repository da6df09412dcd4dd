"""The leak check of a generated student version: no nbgrader marker, no output, no line
that only the source's solutions and hidden tests contain, and every graded cell present."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from course.worksheets.catalogue import WORKSHEETS
from course.worksheets.notebooks import (
    MARKERS,
    cell_text,
    graded_cells,
    nbgrader_meta,
    notebook_regions,
    read_notebook,
)
from courseware.paths import WORKSHEETS_DIR

# Lines too generic to be evidence of a leak when they also appear in a student version.
_TRIVIAL = {"", "'''", '"""', ")", "]", "}", "),", "],", "},", "```", "else:", "try:"}


def secret_lines(source: dict[str, Any]) -> set[str]:
    """Lines of a source notebook that only its solutions and hidden tests contain."""
    regions, visible = notebook_regions(source)
    secret = {line.strip() for region in regions for line in region.lines}
    public = {line.strip() for line in visible}
    return {line for line in secret - public if line not in _TRIVIAL and len(line) > 3}


def visible_text(cell: dict[str, Any]) -> Iterator[str]:
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
        text = "\n".join(visible_text(cell))
        problems += [f"{where}: nbgrader marker {m!r} left in" for m in MARKERS if m in text]
        if cell.get("outputs"):
            problems.append(f"{where}: has outputs (they may show an answer)")
        lines = {line.strip() for chunk in visible_text(cell) for line in chunk.splitlines()}
        problems += [f"{where}: leaks {line!r}" for line in sorted(secrets & lines)]
    missing = set(graded_cells(source)) - set(graded_cells(student))
    problems += [f"{student_path.name}: graded cell {grade_id} is missing" for grade_id in missing]
    return problems


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
