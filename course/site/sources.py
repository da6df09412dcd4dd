"""The pages and files the site pulls from `lessons/` (never copies of them)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.content.lessons import handout_week
from course.content.pages import (
    OPTIONAL_FOLDER,
    OPTIONAL_GUIDE,
    homework_page_paths,
    lesson_files,
    optional_plan_paths,
    read_page,
)
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR
from courseware.term import COURSEHUB_WEEKS, HOMEWORK_BY_ID, parse_week

LESSON_ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".csv"}

# The kinds of the optional sessions' pages: not "extension", which means a later deadline.
OPTIONAL_SESSION = "optional session"
OPTIONAL_HANDOUT = "optional handout"
OPTIONAL_GUIDE_KIND = "optional guide"
OPTIONAL_INDEX = f"weeks/{OPTIONAL_FOLDER}/index.md"


@dataclass(frozen=True)
class SourcePage:
    path: Path  # where it lives in the repository
    src_uri: str  # where it lives in the site, e.g. weeks/week-02/session-1-deep-dive.md
    kind: str  # "session", "homework", "handout" or one of the OPTIONAL_ kinds
    week: int  # of an optional session or handout: the week whose starter it builds on
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
    """Every session plan, homework page and handout, in week order, then the optional
    sessions' guide, plans and handouts."""
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
        for path in homework_page_paths(week_dir):
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
    return found + optional_sources(lessons_dir)


def optional_sources(lessons_dir: Path) -> list[SourcePage]:
    """The guide (lessons/optional/README.md, the section's index page), the plans and the
    handouts of the optional sessions."""
    folder = lessons_dir / OPTIONAL_FOLDER
    found = []
    guide = folder / OPTIONAL_GUIDE
    if guide.is_file():
        meta = read_page(guide).meta
        title = str(meta.get("title") or "Optional sessions")
        found.append(
            SourcePage(
                guide, OPTIONAL_INDEX, OPTIONAL_GUIDE_KIND, max(COURSEHUB_WEEKS), title, meta
            )
        )
    for path in optional_plan_paths(lessons_dir):
        meta = read_page(path).meta
        if "week" not in meta:
            raise CourseError(
                f"{path}: front matter needs `week:`, the week whose starter the session uses"
            )
        week, title = parse_week(str(meta["week"])), str(meta.get("title") or path.stem)
        found.append(
            SourcePage(path, site_uri(path, lessons_dir), OPTIONAL_SESSION, week, title, meta)
        )
    for path in sorted(folder.glob("handouts/*.md")):
        page = read_page(path)
        week = handout_week(page)
        title = str(page.meta.get("title") or path.stem.replace("-", " ").capitalize())
        uri = site_uri(path, lessons_dir)
        found.append(SourcePage(path, uri, OPTIONAL_HANDOUT, week, title, page.meta))
    return found


def lesson_assets(lessons_dir: Path = LESSONS_DIR) -> list[tuple[Path, str]]:
    """Pictures and files that lesson pages show or link, with their place in the site."""
    return [
        (path, site_uri(path, lessons_dir))
        for path in lesson_files(lessons_dir, "*")
        if path.suffix.lower() in LESSON_ASSET_SUFFIXES
    ]
