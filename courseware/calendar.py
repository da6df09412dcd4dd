"""Dates of the term, computed from `lessons/calendar.toml` so no date is typed by hand."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from courseware.errors import CourseError
from courseware.paths import CALENDAR_FILE
from courseware.term import HOMEWORK, HOMEWORK_BY_ID, Homework, week_id

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Session:
    week: int
    number: int  # 1 or 2 within the week
    day: date
    cancelled_for: str | None  # the holiday's name when there is no class that day

    @property
    def id(self) -> str:
        return f"{week_id(self.week)}/session-{self.number}"


@dataclass(frozen=True)
class LatePolicy:
    """How late a homework may be handed in (`[late]` of the calendar).

    A late day is any started 24 hours after a student's due date (an extension moves the due
    date itself). Work after the last late day is still graded, for feedback, and earns nothing.
    """

    days: int = 0
    penalty_percent_per_day: float = 0.0
    days_by_homework: tuple[tuple[str, int], ...] = ()

    def days_for(self, homework_id: str) -> int:
        return dict(self.days_by_homework).get(homework_id, self.days)


@dataclass(frozen=True)
class Calendar:
    name: str
    first_week_monday: date
    teaching_weeks: int
    meeting_days: tuple[str, ...]
    session_minutes: int
    due_time: time
    timezone: ZoneInfo
    breaks: tuple[tuple[str, date], ...]
    holidays: tuple[tuple[str, date], ...]
    late: LatePolicy = LatePolicy()

    def week_monday(self, week: int) -> date:
        if not 1 <= week <= self.teaching_weeks:
            raise CourseError(f"week {week} is outside the term (1-{self.teaching_weeks})")
        monday = self.first_week_monday
        for _ in range(week - 1):
            monday += timedelta(days=7)
            while any(break_monday == monday for _, break_monday in self.breaks):
                monday += timedelta(days=7)
        return monday

    def sessions(self, week: int) -> list[Session]:
        monday = self.week_monday(week)
        holidays = dict((day, name) for name, day in self.holidays)
        found = []
        for number, day_name in enumerate(self.meeting_days, start=1):
            day = monday + timedelta(days=DAY_NAMES.index(day_name))
            found.append(Session(week, number, day, holidays.get(day)))
        return found

    def session(self, week: int, number: int) -> Session:
        sessions = self.sessions(week)
        if not 1 <= number <= len(sessions):
            raise CourseError(f"week {week} has sessions 1-{len(sessions)}, not {number}")
        return sessions[number - 1]

    def due(self, homework: Homework) -> datetime:
        """Homework of week N is due on the first meeting day of week N + 1."""
        if homework.week + 1 > self.teaching_weeks:
            day = self.sessions(self.teaching_weeks)[-1].day
        else:
            day = self.sessions(homework.week + 1)[0].day
        return datetime.combine(day, self.due_time, tzinfo=self.timezone)

    def all_sessions(self) -> list[Session]:
        return [s for week in range(1, self.teaching_weeks + 1) for s in self.sessions(week)]

    def all_due_dates(self) -> dict[str, datetime]:
        return {homework.id: self.due(homework) for homework in HOMEWORK}


@cache
def load_calendar(path: Path = CALENDAR_FILE) -> Calendar:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        term = data["term"]
        calendar = Calendar(
            name=term["name"],
            first_week_monday=term["first_week_monday"],
            teaching_weeks=term["teaching_weeks"],
            meeting_days=tuple(term["meeting_days"]),
            session_minutes=term["session_minutes"],
            due_time=time.fromisoformat(term["due_time"]),
            timezone=ZoneInfo(term["timezone"]),
            breaks=tuple((b["name"], b["monday"]) for b in data.get("breaks", [])),
            holidays=tuple((h["name"], h["date"]) for h in data.get("holidays", [])),
            late=_late_policy(data.get("late", {}), path),
        )
    except FileNotFoundError:
        raise CourseError(f"{path} is missing: the course calendar lives there") from None
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise CourseError(f"{path}: cannot read the calendar ({error!r})") from None
    if calendar.first_week_monday.weekday() != 0:
        raise CourseError(f"{path}: first_week_monday must be a Monday")
    for name, monday in calendar.breaks:
        if monday.weekday() != 0:
            raise CourseError(f"{path}: break {name!r} must start on a Monday")
    unknown = set(calendar.meeting_days) - set(DAY_NAMES)
    if unknown:
        raise CourseError(f"{path}: unknown meeting days {sorted(unknown)}")
    return calendar


def _late_policy(table: dict, path: Path) -> LatePolicy:
    """`[late]`: `days`, `penalty_percent_per_day` and `[late.homework]` (days per homework)."""
    unknown = set(table) - {"days", "penalty_percent_per_day", "homework"}
    if unknown:
        raise CourseError(f"{path}: [late] has unknown keys {sorted(unknown)}")
    days = table.get("days", 0)
    penalty = table.get("penalty_percent_per_day", 0)
    by_homework = table.get("homework", {})
    if not isinstance(days, int) or isinstance(days, bool) or days < 0:
        raise CourseError(f"{path}: [late] days must be a whole number >= 0, not {days!r}")
    if not isinstance(penalty, int | float) or isinstance(penalty, bool) or not 0 <= penalty <= 100:
        raise CourseError(f"{path}: [late] penalty_percent_per_day must be 0-100, not {penalty!r}")
    if not isinstance(by_homework, dict):
        raise CourseError(f"{path}: [late.homework] must be a table of homework = days")
    for homework_id, value in by_homework.items():
        if homework_id not in HOMEWORK_BY_ID:
            known = ", ".join(HOMEWORK_BY_ID)
            raise CourseError(f"{path}: [late.homework] {homework_id!r} is no homework ({known})")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise CourseError(f"{path}: [late.homework] {homework_id} must be days >= 0")
    return LatePolicy(days, float(penalty), tuple(sorted(by_homework.items())))
