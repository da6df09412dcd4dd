"""Each student's deadline for a homework: the calendar's due date, moved by an extension, and
the late days after it.

Extensions are granted in one file, `lessons/extensions.toml` (or `$COURSE_EXTENSIONS_FILE`),
one `[[extension]]` table per student and homework:

    [[extension]]
    student = "octocat"      # the GitHub login, or the folder name in a class batch
    homework = "hw03"
    days = 3
    note = "accommodation letter 2026-02-01"   # for staff; never shown to anyone else

Grading, the pull-request comment, the gradebook and the site read deadlines from here only,
so one edit of that file is an extension everywhere. The file names students: it lives in
the staff's private courseware repository, and nothing public is built from its names.
"""

import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from courseware.calendar import Calendar, load_calendar
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR
from courseware.term import HOMEWORK_BY_ID, homework

EXTENSIONS_VARIABLE = "COURSE_EXTENSIONS_FILE"
EXTENSIONS_FILE = LESSONS_DIR / "extensions.toml"
DAY = timedelta(days=1)


@dataclass(frozen=True)
class Extension:
    student: str
    homework: str
    days: int
    note: str = ""


@dataclass(frozen=True)
class Deadline:
    """One student's (or the class's, `student=""`) deadline for one homework."""

    homework: str
    student: str
    calendar_due: datetime
    extension_days: int
    late_days_allowed: int
    penalty_percent_per_day: float

    @property
    def due(self) -> datetime:
        return self.calendar_due + self.extension_days * DAY

    @property
    def accepted_until(self) -> datetime:
        """The last moment work earns points: the due date plus the late days."""
        return self.due + self.late_days_allowed * DAY

    def late_days(self, submitted_at: datetime) -> int:
        """Started days after the due date (0 when on time)."""
        late = submitted_at - self.due
        return math.ceil(late / DAY) if late > timedelta(0) else 0

    def accepted(self, submitted_at: datetime) -> bool:
        return submitted_at <= self.accepted_until

    def penalty_percent(self, submitted_at: datetime) -> float:
        """What late work loses; 100 after the last late day."""
        if not self.accepted(submitted_at):
            return 100.0
        return min(100.0, self.late_days(submitted_at) * self.penalty_percent_per_day)


def extensions_file(environ: Mapping[str, str] = os.environ) -> Path:
    return Path(environ.get(EXTENSIONS_VARIABLE) or EXTENSIONS_FILE)


def same_student(a: str, b: str) -> bool:
    """GitHub logins are case-insensitive."""
    return a.strip().lower() == b.strip().lower()


@cache
def load_extensions(path: Path) -> tuple[Extension, ...]:
    """The granted extensions; none when the file does not exist."""
    if not path.exists():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{path}: cannot read the extensions ({error})") from None
    unknown_tables = set(data) - {"extension"}
    if unknown_tables:
        raise CourseError(f"{path}: unknown tables {sorted(unknown_tables)}: use [[extension]]")
    found: list[Extension] = []
    for number, table in enumerate(data.get("extension", []), start=1):
        where = f"{path}: extension {number}"
        if not isinstance(table, dict):
            raise CourseError(f"{where}: write it as an [[extension]] table")
        unknown = set(table) - {"student", "homework", "days", "note"}
        if unknown:
            raise CourseError(f"{where} has unknown keys {sorted(unknown)}")
        student, homework_id = table.get("student"), table.get("homework")
        days, note = table.get("days"), table.get("note", "")
        if not isinstance(student, str) or not student.strip():
            raise CourseError(f'{where} needs student = "login"')
        if homework_id not in HOMEWORK_BY_ID:
            known = ", ".join(HOMEWORK_BY_ID)
            raise CourseError(f"{where}: homework {homework_id!r} is not one of {known}")
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 60:
            raise CourseError(f"{where}: days must be a whole number of days, 1-60")
        if not isinstance(note, str):
            raise CourseError(f"{where}: note must be text")
        twice = [e for e in found if e.homework == homework_id and same_student(e.student, student)]
        if twice:
            raise CourseError(
                f"{where}: {student} already has an extension for {homework_id}; "
                "give one entry per student and homework (add the days up)"
            )
        found.append(Extension(student.strip(), homework_id, days, note))
    return tuple(found)


def deadline(
    homework_id: str,
    student: str = "",
    *,
    calendar: Calendar | None = None,
    extensions: tuple[Extension, ...] | None = None,
) -> Deadline:
    calendar = calendar or load_calendar()
    if extensions is None:
        extensions = load_extensions(extensions_file())
    extra = sum(
        e.days for e in extensions if e.homework == homework_id and same_student(e.student, student)
    )
    return Deadline(
        homework_id,
        student,
        calendar.due(homework(homework_id)),
        extra if student else 0,
        calendar.late.days_for(homework_id),
        calendar.late.penalty_percent_per_day,
    )


def last_accepted(
    homework_id: str,
    *,
    calendar: Calendar | None = None,
    extensions: tuple[Extension, ...] | None = None,
) -> datetime:
    """When the last student's work for `homework_id` stops earning points: what an answer
    must wait for (the solution page, the next week's full starter)."""
    if extensions is None:
        extensions = load_extensions(extensions_file())
    students = {e.student.lower() for e in extensions if e.homework == homework_id}
    return max(
        deadline(homework_id, student, calendar=calendar, extensions=extensions).accepted_until
        for student in {"", *students}
    )
