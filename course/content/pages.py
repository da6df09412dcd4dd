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


def lesson_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/session-*.md"))]


def handout_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/handouts/*.md"))]


def homework_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/hw*.md"))]
