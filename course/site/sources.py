"""The pages and files the site pulls from `lessons/` (never copies of them)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.content.pages import read_page
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR
from courseware.term import HOMEWORK_BY_ID, parse_week

LESSON_ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".csv"}


@dataclass(frozen=True)
class SourcePage:
    path: Path  # where it lives in the repository
    src_uri: str  # where it lives in the site, e.g. weeks/week-02/session-1-deep-dive.md
    kind: str  # "session", "homework" or "handout"
    week: int
    title: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def session(self) -> int | None:
        return int(self.meta["session"]) if self.kind == "session" else None

    @property
    def homework_id(self) -> str | None:
        return str(self.meta["homework"]) if self.kind == "homework" else None


def site_uri(path: Path, lessons_dir: Path) -> str:
    return "weeks/" + path.relative_to(lessons_dir).as_posix()


def lesson_sources(lessons_dir: Path = LESSONS_DIR) -> list[SourcePage]:
    """Every session plan, homework page and handout, in week order."""
    found = []
    for week_dir in sorted(lessons_dir.glob("week-[0-9][0-9]")):
        week = parse_week(week_dir.name)
        for path in sorted(week_dir.glob("session-*.md")):
            meta = read_page(path).meta
            number = meta.get("session")
            if not isinstance(number, int):
                raise CourseError(f"{path}: front matter needs `session: 1` or `session: 2`")
            title = str(meta.get("title") or f"Session {number}")
            found.append(
                SourcePage(path, site_uri(path, lessons_dir), "session", week, title, meta)
            )
        for path in sorted(week_dir.glob("hw*.md")):
            meta = read_page(path).meta
            homework_id = str(meta.get("homework", ""))
            if homework_id not in HOMEWORK_BY_ID:
                raise CourseError(f"{path}: front matter `homework` must name a homework")
            title = str(meta.get("title") or HOMEWORK_BY_ID[homework_id].title)
            found.append(
                SourcePage(path, site_uri(path, lessons_dir), "homework", week, title, meta)
            )
        for path in sorted(week_dir.glob("handouts/*.md")):
            meta = read_page(path).meta
            title = str(meta.get("title") or path.stem.replace("-", " ").capitalize())
            found.append(
                SourcePage(path, site_uri(path, lessons_dir), "handout", week, title, meta)
            )
    return found


def lesson_assets(lessons_dir: Path = LESSONS_DIR) -> list[tuple[Path, str]]:
    """Pictures and files that lesson pages show or link, with their place in the site."""
    return [
        (path, site_uri(path, lessons_dir))
        for path in sorted(lessons_dir.glob("week-[0-9][0-9]/**/*"))
        if path.is_file() and path.suffix.lower() in LESSON_ASSET_SUFFIXES
    ]
