"""The moment the site is built for, and the dates it shows: due times and solution releases."""

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path

from courseware.calendar import Calendar
from courseware.deadlines import last_accepted
from courseware.errors import CourseError
from courseware.paths import CALENDAR_FILE
from courseware.term import HOMEWORK, HOMEWORK_BY_ID, Homework

SITE_DATE_VARIABLE = "COURSE_SITE_DATE"


SOLUTION_RELEASE_DAYS = 7


def site_moment(calendar: Calendar, environ: Mapping[str, str] = os.environ) -> datetime:
    """Now, or the moment `COURSE_SITE_DATE` names, in the course's time zone."""
    text = environ.get(SITE_DATE_VARIABLE, "").strip()
    if not text:
        return datetime.now(calendar.timezone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CourseError(
            f"{SITE_DATE_VARIABLE}={text!r} is not a date: use e.g. 2026-02-03"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=calendar.timezone)


def long_date(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def short_date(day: date) -> str:
    return f"{day:%a} {day:%b} {day.day}"


def due_text(moment: datetime) -> str:
    return f"{long_date(moment.date())}, {moment:%H:%M} ({moment.tzinfo})"


def solution_releases(
    calendar: Calendar, calendar_file: Path = CALENDAR_FILE
) -> dict[str, datetime | None]:
    """When each homework's reference solution may be published (None: never)."""
    try:
        table = tomllib.loads(calendar_file.read_text(encoding="utf-8")).get("solution_release", {})
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{calendar_file}: cannot read [solution_release] ({error})") from None
    days = table.get("days_after_due", SOLUTION_RELEASE_DAYS)
    if not isinstance(days, int) or days < 0:
        raise CourseError(f"{calendar_file}: [solution_release] days_after_due must be >= 0")
    unknown = set(table) - set(HOMEWORK_BY_ID) - {"days_after_due"}
    if unknown:
        raise CourseError(
            f"{calendar_file}: [solution_release] names no homework {sorted(unknown)}"
        )
    releases: dict[str, datetime | None] = {}
    for homework in HOMEWORK:
        value = table.get(homework.id)
        if value is None:
            release = calendar.due(homework) + timedelta(days=days)
        elif value == "never":
            releases[homework.id] = None
            continue
        elif isinstance(value, datetime):
            release = value if value.tzinfo else value.replace(tzinfo=calendar.timezone)
        elif isinstance(value, date):
            release = datetime.combine(value, time(0), tzinfo=calendar.timezone)
        else:
            raise CourseError(
                f'{calendar_file}: [solution_release] {homework.id} must be a date or "never"'
            )
        # Never while anyone's work still counts: late days and extensions come first.
        releases[homework.id] = max(release, last_accepted(homework.id, calendar=calendar))
    return releases


def late_policy_sentence(calendar: Calendar, homework: Homework) -> str:
    """The late policy as a homework page states it (no student is ever named)."""
    days = calendar.late.days_for(homework.id)
    if days == 0:
        return (
            "No late days for this homework: work handed in after the due date is graded for "
            "feedback and counts 0 points, unless your instructor granted you an extension."
        )
    plural = "1 late day" if days == 1 else f"{days} late days"
    penalty = calendar.late.penalty_percent_per_day
    cost = f"each costs {penalty:g}% of the points" if penalty else "they cost nothing"
    return (
        f"This homework accepts work up to {plural} after its due date ({cost}; a late day is "
        "any started 24 hours). Later work is graded for feedback and counts 0 points. An "
        "extension moves your own due date: ask your instructor before the due date, and it "
        "is applied by the grader, your pull request's comment and the gradebook alike."
    )


def homework_label(homework: Homework) -> str:
    """`hw01` is shown as HW1; the capstone's milestones by their titles' heads ("Capstone
    milestone 1"), which tell the two apart."""
    if found := re.fullmatch(r"hw0*(\d+)", homework.id):
        return f"HW{found.group(1)}"
    return homework.title.split(": ", 1)[0]


def is_released(release: datetime | None, moment: datetime) -> bool:
    return release is not None and release <= moment
