"""The plan of the whole site, decided once per build, and what every generated page asks of it."""

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath

from course.site.app_facts import Endpoint
from course.site.dates import is_released
from course.site.notebooks import PublishedNotebook
from course.site.sources import (
    OPTIONAL_GUIDE_KIND,
    OPTIONAL_HANDOUT,
    OPTIONAL_SESSION,
    SourcePage,
)
from courseware.calendar import Calendar
from courseware.term import STARTER_WEEKS, Homework

HOMEWORK_KIND_TEXT = {
    "setup": "environment check and team agreement",
    "tests": "write the tests (graded by mutants)",
    "worksheet": "worksheet (nbgrader)",
    "contract": "implement to contract (hidden contract suite)",
}


# Session topics of the term plan, shown until a week's session plans are written.
PLANNED_SESSIONS: dict[int, tuple[str, str]] = {
    1: ("Kickoff and the development environment", "From idea to shape"),
    2: ("Backend deep dive", "pytest workshop"),
    3: ("Tables, rows, relations", "SQL as the source"),
    4: ("App structure", "First endpoints live"),
    5: ("CRUD across entities and joins", "Data-access boundaries"),
    6: ("Errors that matter", "Input validation"),
    7: ("Auth as infrastructure", "JWT in practice"),
    8: ("Protecting routes", "Authorization rules"),
    9: ("User state: verified users", "SQL safety in practice"),
    10: ("Business-logic layers", "Async SQLAlchemy on PostgreSQL"),
    11: ("What to test: auth flows and the database", "Error paths are features"),
    12: ("API documentation that helps", "Schema changes with Alembic"),
    13: ("Containers and configuration", "Background work and WebSockets"),
    14: ("Capstone: a RealWorld blogging platform", "Deploying the capstone"),
    15: ("Readability review and end-to-end confidence", "Capstone demos"),
}


UNITS: tuple[tuple[str, int, int], ...] = (
    ("Data and API foundations", 1, 6),
    ("Auth, business logic and security", 7, 10),
    ("Quality, testing and documentation", 11, 12),
    # The syllabus's extensions unit; not so named here, where an extension is a later deadline.
    ("Toward production", 13, 13),
    ("Capstone", 14, 15),
)


@dataclass
class SitePlan:
    """Everything the hooks add to the build, decided once per build."""

    calendar: Calendar
    moment: datetime
    releases: dict[str, datetime | None]
    sources: list[SourcePage]
    assets: list[tuple[Path, str]]
    worksheets: list[PublishedNotebook]
    endpoints: list[Endpoint]
    pages: dict[str, str] = field(default_factory=dict)  # generated Markdown by src_uri
    files: dict[str, str | bytes] = field(default_factory=dict)  # other generated files

    def sessions_of(self, week: int) -> list[SourcePage]:
        return sorted(
            (s for s in self.sources if s.kind == "session" and s.week == week),
            key=lambda s: s.session or 0,
        )

    def homework_pages_of(self, week: int) -> list[SourcePage]:
        return [s for s in self.sources if s.kind == "homework" and s.week == week]

    def handouts_of(self, week: int) -> list[SourcePage]:
        return [s for s in self.sources if s.kind == "handout" and s.week == week]

    def optional_sessions(self, week: int | None = None) -> list[SourcePage]:
        """The optional sessions' plans; with `week`, those that build on its starter."""
        return [
            s
            for s in self.sources
            if s.kind == OPTIONAL_SESSION and (week is None or s.week == week)
        ]

    def optional_handouts(self) -> list[SourcePage]:
        return [s for s in self.sources if s.kind == OPTIONAL_HANDOUT]

    def optional_guide(self) -> SourcePage | None:
        return next((s for s in self.sources if s.kind == OPTIONAL_GUIDE_KIND), None)

    def worksheets_of(self, week: int | None) -> list[PublishedNotebook]:
        return [w for w in self.worksheets if w.week == week]

    def homework_page(self, homework_id: str) -> SourcePage | None:
        return next((s for s in self.sources if s.homework_id == homework_id), None)

    def released_solution(self, homework: Homework) -> bool:
        return (
            homework.kind in ("contract", "tests")
            and homework.week in STARTER_WEEKS
            and is_released(self.releases[homework.id], self.moment)
        )


def relative_link(target: str, here: str) -> str:
    """The relative link from the page `here` to the page `target` (both src_uris)."""
    start = PurePosixPath(here).parent
    return os.path.relpath(target, start.as_posix() or ".").replace(os.sep, "/")


def optional_sessions_page(plan: SitePlan) -> str:
    """Where the site introduces the optional sessions: their guide, or the list of all weeks."""
    guide = plan.optional_guide()
    return guide.src_uri if guide else "weeks/index.md"


def session_title(plan: SitePlan, week: int, number: int) -> tuple[str, SourcePage | None]:
    page = next((s for s in plan.sessions_of(week) if s.session == number), None)
    if page:
        return page.title, page
    planned = PLANNED_SESSIONS.get(week, ("", ""))
    return planned[number - 1] if number <= len(planned) else f"Session {number}", None


def week_range(plan: SitePlan, week: int) -> tuple[date, date]:
    monday = plan.calendar.week_monday(week)
    return monday, monday + timedelta(days=6)


def week_title(plan: SitePlan, week: int) -> str:
    return f"Week {week}: {session_title(plan, week, 1)[0]}"
