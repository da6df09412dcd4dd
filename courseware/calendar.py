"""Dates of the term, computed from `lessons/calendar.toml` so no date is typed by hand."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from courseware.errors import CourseError
from courseware.paths import CALENDAR_FILE
from courseware.term import HOMEWORK, Homework, week_id

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
