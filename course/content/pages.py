"""Lesson plans, handouts and homework pages as files: front matter, body and sections."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR, REPO_ROOT


@dataclass
class Page:
    path: Path
    meta: dict[str, Any]
    body: str
    sections: dict[str, str] = field(default_factory=dict)  # "## Heading" -> its text

    @property
    def shown(self) -> str:
        return str(self.path.relative_to(REPO_ROOT))


def read_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        raise CourseError(f"{path}: a page starts with front matter between two `---` lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise CourseError(f"{path}: the front matter is not valid YAML ({error})") from None
    body = match.group(2)
    sections: dict[str, str] = {}
    current = None
    for line in body.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return Page(path, meta, body, sections)


# The optional sessions: plans that belong to no week of the calendar (an instructor swaps one
# in for a regular session), their handouts, and the guide to where each fits (README.md).
OPTIONAL_FOLDER = "optional"
OPTIONAL_GUIDE = "README.md"


def is_optional(path: Path) -> bool:
    """Whether a page of lessons/ is an optional session's plan, handout or guide."""
    return OPTIONAL_FOLDER in (path.parent.name, path.parent.parent.name)


def optional_plan_paths(lessons_dir: Path = LESSONS_DIR) -> list[Path]:
    folder = lessons_dir / OPTIONAL_FOLDER
    return [p for p in sorted(folder.glob("*.md")) if p.name != OPTIONAL_GUIDE]


def lesson_files(lessons_dir: Path = LESSONS_DIR, pattern: str = "*.md") -> list[Path]:
    """The files under the week folders and the optional sessions' folder: everything of
    lessons/ the site publishes (the calendar and lessons/README.md are the repository's)."""
    return sorted(
        path
        for folder in (*lessons_dir.glob("week-[0-9][0-9]"), lessons_dir / OPTIONAL_FOLDER)
        for path in folder.glob(f"**/{pattern}")
        if path.is_file()
    )


def lesson_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/session-*.md"))]


def handout_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/handouts/*.md"))]


# A homework page's name starts with its id: hw03-..., or the capstone's milestones.
HOMEWORK_PAGE_PATTERNS = ("hw*.md", "capstone*.md")


def homework_page_paths(week_dir: Path) -> list[Path]:
    """The homework pages of one week's folder."""
    return sorted(path for pattern in HOMEWORK_PAGE_PATTERNS for path in week_dir.glob(pattern))


def homework_pages() -> list[Page]:
    return [
        read_page(p)
        for week in sorted(LESSONS_DIR.glob("week-*"))
        for p in homework_page_paths(week)
    ]


def optional_pages() -> list[Page]:
    """The optional sessions' plans (lessons/optional/*.md but the guide)."""
    return [read_page(p) for p in optional_plan_paths()]


def optional_handout_pages() -> list[Page]:
    return [read_page(p) for p in sorted((LESSONS_DIR / OPTIONAL_FOLDER).glob("handouts/*.md"))]


def optional_guide_page() -> Page | None:
    guide = LESSONS_DIR / OPTIONAL_FOLDER / OPTIONAL_GUIDE
    return read_page(guide) if guide.is_file() else None
