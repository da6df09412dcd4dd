"""Reading notebooks as plain JSON, and the one parser of nbgrader's regions.

Plain JSON on purpose: importing nbformat costs more than a second in this environment."""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from courseware.errors import CourseError


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
    """A cell's source as one text (notebooks store it as a list of lines or as a string)."""
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


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

# nbgrader's delimiters (its defaults, which worksheets/nbgrader_config.py keeps), and what
# the text between them is.
REGIONS = (
    ("BEGIN SOLUTION", "END SOLUTION", "worksheet solution"),
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden test"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME", "worksheet solution"),
)
MARKERS = tuple(marker for begin, end, _ in REGIONS for marker in (begin, end))


@dataclass
class Region:
    """Text nbgrader removes from the student version."""

    kind: str  # "worksheet solution" or "hidden test"
    lines: list[str]


def notebook_regions(notebook: dict[str, Any]) -> tuple[list[Region], list[str]]:
    """(the private regions, the student-visible lines) of an nbgrader source notebook.

    A region is the text between `### BEGIN SOLUTION` and `### END SOLUTION` (or a mark
    scheme), the hidden tests between `### BEGIN HIDDEN TESTS` and `### END HIDDEN TESTS`, and
    the whole of a solution cell without markers (nbgrader replaces such a cell whole).
    """
    regions: list[Region] = []
    visible: list[str] = []
    for cell in notebook.get("cells", []):
        lines = cell_text(cell).splitlines()
        has_markers = any(begin in line for line in lines for begin, _, _ in REGIONS)
        if nbgrader_meta(cell).get("solution") and not has_markers:
            regions.append(Region("worksheet solution", lines))
            continue
        closing: str | None = None
        for line in lines:
            if closing is None:
                opened = next((region for region in REGIONS if region[0] in line), None)
                if opened is None:
                    visible.append(line)
                else:
                    closing = opened[1]
                    regions.append(Region(opened[2], []))
            elif closing in line:
                closing = None
            else:
                regions[-1].lines.append(line)
    return regions, visible


def notebook_title(notebook: dict[str, Any]) -> str | None:
    """The first Markdown heading of a notebook."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        if heading := re.search(r"^#\s+(.+?)\s*#*\s*$", cell_text(cell), re.MULTILINE):
            return heading.group(1)
    return None
