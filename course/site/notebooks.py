"""Worksheets on the site: the student versions only, released by nbgrader and cached, each
shown as a page beside the notebook to download."""

import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.site.markdown import fenced
from course.worksheets.catalogue import WORKSHEETS_BY_ID
from course.worksheets.notebooks import cell_text, notebook_title, read_notebook
from course.worksheets.steps import release_student_versions
from courseware.errors import CourseError
from courseware.files import tree_digest
from courseware.paths import REPO_ROOT, WORKSHEETS_DIR
from courseware.term import HOMEWORK_BY_ID, WEEKS

WORKSHEET_SOURCE_DIR = WORKSHEETS_DIR / "source"


# Released notebooks, keyed on their sources' content; elsewhere for a cold build.
CACHE_DIR = Path(os.environ.get("COURSE_SITE_CACHE", REPO_ROOT / ".cache" / "course-site"))


# A folder of ready student notebooks to publish instead of releasing them from worksheets/.
WORKSHEETS_VARIABLE = "COURSE_SITE_WORKSHEETS"


@dataclass(frozen=True)
class PublishedNotebook:
    path: Path  # the student version, outside worksheets/source/
    src_uri: str  # worksheets/<assignment>/<notebook>.ipynb
    src_dir: Path  # the folder the site reads it from: src_dir / src_uri is path
    assignment: str
    title: str
    week: int | None

    @property
    def page_uri(self) -> str:
        """The page that shows the notebook; the .ipynb itself is published beside it."""
        return str(PurePosixPath(self.src_uri).with_suffix(".md"))


def released_notebooks(environ: Mapping[str, str] = os.environ) -> Path | None:
    """A folder whose `worksheets/<assignment>/` holds the student notebooks to publish.

    They come from `course.worksheets.steps.release_student_versions` (nbgrader's
    generate_assignment, so solutions and hidden tests are stripped), cached under `.cache/` by
    the digest of the sources, or are copied from the folder `COURSE_SITE_WORKSHEETS` names
    (`<assignment>/*.ipynb` inside). None: there are no worksheets yet.
    """
    if override := environ.get(WORKSHEETS_VARIABLE, "").strip():
        source = Path(override).resolve()
        if not source.is_dir():
            raise CourseError(f"{WORKSHEETS_VARIABLE}={override}: no such folder")
        stage = CACHE_DIR / f"given-{tree_digest([source])}"
        if not (stage / ".complete").is_file():
            shutil.rmtree(stage, ignore_errors=True)
            shutil.copytree(source, stage / "worksheets", dirs_exist_ok=True)
            (stage / ".complete").write_text(str(source) + "\n", encoding="utf-8")
        return stage
    if not WORKSHEET_SOURCE_DIR.is_dir():
        return None
    key = tree_digest(
        [
            WORKSHEET_SOURCE_DIR,
            WORKSHEETS_DIR / "nbgrader_config.py",
            REPO_ROOT / "course" / "worksheets",
        ]
    )
    stage = CACHE_DIR / f"released-{key}"
    if not (stage / ".complete").is_file():
        # Slow: runs nbgrader.
        scratch = CACHE_DIR / f"building-{key}-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / "worksheets").mkdir(parents=True)
        notebooks = release_student_versions(scratch / "worksheets")
        outside = [p for p in notebooks if not Path(p).resolve().is_relative_to(scratch)]
        if outside:
            raise CourseError(f"release_student_versions wrote outside its folder: {outside}")
        (scratch / ".complete").write_text(key + "\n", encoding="utf-8")
        for old in CACHE_DIR.glob("released-*"):
            if old != stage:
                shutil.rmtree(old, ignore_errors=True)
        try:
            scratch.rename(stage)
        except OSError:  # another build finished the same release first: use that one
            shutil.rmtree(scratch, ignore_errors=True)
            if not (stage / ".complete").is_file():
                raise
    return stage


def worksheet_week(assignment: str) -> int | None:
    """`w02-scavenger-hunt` is week 2's; `hw02-sql` belongs to HW2's week."""
    if found := re.match(r"w(\d\d)-", assignment):
        week = int(found.group(1))
        return week if week in WEEKS else None
    if found := re.match(r"(hw\d\d)\b", assignment):
        homework = HOMEWORK_BY_ID.get(found.group(1))
        return homework.week if homework else None
    return None


def student_worksheets(stage: Path | None) -> list[PublishedNotebook]:
    """The notebooks under `stage/worksheets/`, as pages of the site."""
    if stage is None:
        return []
    found = []
    for path in sorted((stage / "worksheets").rglob("*.ipynb")):
        relative = PurePosixPath(path.relative_to(stage).as_posix())
        if ".ipynb_checkpoints" in relative.parts:
            continue
        assignment = relative.parts[1] if len(relative.parts) > 2 else relative.stem
        known_title, known_week = worksheet_facts(assignment)
        title = (
            known_title or notebook_title(read_notebook(path)) or relative.stem.replace("-", " ")
        )
        week = known_week or worksheet_week(assignment)
        found.append(PublishedNotebook(path, str(relative), stage, assignment, title, week))
    return found


def worksheet_facts(assignment: str) -> tuple[str | None, int | None]:
    """The title and week the worksheet catalogue gives an assignment, when it knows it."""
    sheet = WORKSHEETS_BY_ID.get(assignment)
    return (sheet.title, sheet.week) if sheet else (None, None)


def indented(text: str) -> list[str]:
    return ["    " + line if line else "" for line in text.splitlines()]


def notebook_page(worksheet: PublishedNotebook) -> str:
    """A student notebook as a page: its Markdown cells as they are, its code cells as code,
    the cells a student answers in marked as such, and a link to download the notebook."""
    notebook = read_notebook(worksheet.path)
    language = notebook.get("metadata", {}).get("kernelspec", {}).get("language", "python")
    name = PurePosixPath(worksheet.src_uri).name
    parts = [
        "---",
        f"title: {json.dumps(worksheet.title)}",
        "---",
        "",
        f"[:material-download: Download {name}]({name}){{ .md-button .md-button--primary }}"
        " Open it in Jupyter (`uv run --with jupyterlab jupyter lab` in your course folder), "
        "answer in the cells marked *your answer*, and run the checks under them.",
        "",
    ]
    for cell in notebook.get("cells", []):
        text = cell_text(cell).rstrip()
        grading = cell.get("metadata", {}).get("nbgrader", {})
        answer = bool(grading.get("solution"))
        check = bool(grading.get("grade")) and not answer and cell.get("cell_type") == "code"
        points = grading.get("points")
        worth = f", {points:g} points" if isinstance(points, int | float) else ""
        if cell.get("cell_type") == "markdown":
            if answer:
                parts += [f'!!! question "Your answer{worth}"', "", *indented(text), ""]
            else:
                parts += [text, ""]
            continue
        if cell.get("cell_type") != "code":
            parts += [fenced(text, "text"), ""]
            continue
        title = "your answer" if answer else "check" if check else ""
        options = f' title="{title}{worth}"' if title else ""
        parts += [fenced(text or " ", language, options), ""]
        for output in cell.get("outputs", []):
            shown = output.get("text") or output.get("data", {}).get("text/plain")
            if shown:
                parts += [fenced(cell_text({"source": shown}), "text"), ""]
    return "\n".join(parts)
