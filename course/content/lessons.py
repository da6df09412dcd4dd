"""Lesson plans and handouts, checked: the front matter, the sections an instructor relies
on, an agenda that adds up to the session, and only names and dates that exist. The optional
sessions (lessons/optional/) are checked as week sessions are, against the starter of their
`week:`, except that they have no number and no date.

A lesson that names a file, an endpoint or a class that is not in its week's app sends an
instructor hunting in front of a class; these checks make that a failing test instead. An
answer key outside an instructors block would be published on the course website: that fails
too (`instructor_blocks`).
"""

import re

from course.content.instructor_blocks import instructor_problems
from course.content.pages import Page, is_optional
from course.content.references import code_reference_problems, typed_date_problems
from courseware.render import starter_path
from courseware.term import COURSEHUB_WEEKS, parse_week

LESSON_TYPES = {"lecture", "activity", "workshop", "lab", "review"}


LESSON_SECTIONS = (
    "Before class",
    "Agenda",
    "Materials",
    "Instructor notes",
    "Student deliverables",
    "Next steps",
)


INSTRUCTOR_NOTE_SECTIONS = ("Common confusions", "Time management", "Differentiation")


# Agenda times are written with a hyphen or an en dash (U+2013), e.g. "0:00-0:10".
_AGENDA_TIME = re.compile(r"^(\d+):(\d\d)\s*[-\u2013]\s*(\d+):(\d\d)$")


_PART_HEADING = re.compile(r"^Part \d+: .+ \((\d+) minutes?\)$")


_SESSION_DATE = re.compile(r"\{\{\s*session_date\s*\}\}")


def handout_week(page: Page) -> int:
    """The week whose starter a handout's code references point at: its folder's week; for a
    handout of the optional sessions (CourseHub's), its `week:` or else CourseHub's last
    starter's."""
    if is_optional(page.path):
        return parse_week(str(page.meta.get("week", max(COURSEHUB_WEEKS))))
    return parse_week(page.path.parent.parent.name)


def handout_problems(page: Page) -> list[str]:
    """A handout's checks; the optional sessions' guide (their README.md) is checked as one."""
    week = handout_week(page)
    problems = [f"{page.shown}: front matter lacks `title`"] if "title" not in page.meta else []
    problems += instructor_problems(page.path.read_text(encoding="utf-8"), page.shown)
    return problems + typed_date_problems(page) + code_reference_problems(page, week)


def optional_guide_problems(guide: Page, plans: list[Page]) -> list[str]:
    """The optional sessions' guide is checked as a handout, and links every plan: a session
    it does not place is one no instructor hears of."""
    problems = handout_problems(guide)
    for plan in plans:
        if not re.search(rf"\]\((?:\./)?{re.escape(plan.path.name)}[)#]", guide.body):
            problems.append(
                f"{guide.shown}: links no `{plan.path.name}`; say where that session fits"
            )
    return problems


def week_plan_problems(page: Page) -> list[str]:
    """A week session's place: its folder's week, its number in its file name."""
    shown, meta = page.shown, page.meta
    problems = []
    week = int(meta["week"])
    folder_week = parse_week(page.path.parent.name)
    if week != folder_week:
        problems.append(f"{shown}: front matter says week {week}, folder says {folder_week}")
    if not page.path.name.startswith(f"session-{meta['session']}-"):
        problems.append(f"{shown}: file name must start with session-{meta['session']}-")
    if meta.get("optional"):
        problems.append(f"{shown}: an optional session's plan goes into lessons/optional/")
    return problems


def optional_plan_problems(page: Page) -> list[str]:
    """What an optional session's plan needs beyond a week session's: to say it is optional,
    a starter that is its `week:`'s, and no date (it is on no day of the calendar)."""
    shown, meta = page.shown, page.meta
    problems = []
    if meta.get("optional") is not True:
        problems.append(f"{shown}: an optional session's front matter says `optional: true`")
    week = int(meta["week"])
    if parse_week(str(meta["starter"])) != week:
        problems.append(
            f"{shown}: `starter: {meta['starter']}` is not the starter of `week: {week}`; an "
            "optional session's references point at its week's starter"
        )
    if _SESSION_DATE.search(page.body):
        problems.append(
            f"{shown}: an optional session is on no day of the calendar: say in words when it "
            "fits instead of {{ session_date }}"
        )
    return problems


def agenda_minutes(page: Page) -> list[tuple[int, int]]:
    """(start, end) minutes of each agenda row."""
    rows = []
    for line in page.sections.get("Agenda", "").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and (found := _AGENDA_TIME.match(cells[0])):
            h1, m1, h2, m2 = map(int, found.groups())
            rows.append((h1 * 60 + m1, h2 * 60 + m2))
    return rows


def lesson_problems(page: Page) -> list[str]:
    """A session plan's checks: a week's (lessons/week-NN/session-N-*.md) or an optional
    session's (lessons/optional/*.md), whose `week:` is only the starter it builds on."""
    meta, shown = page.meta, page.shown
    optional = is_optional(page.path)
    problems = instructor_problems(page.path.read_text(encoding="utf-8"), shown)
    keys = ("title", "week", "type", "duration", "starter", "objectives")
    missing_keys = [
        f"{shown}: front matter lacks `{key}`"
        for key in (keys if optional else (*keys, "session"))
        if key not in meta
    ]
    if missing_keys:
        return problems + missing_keys
    if optional:
        problems += optional_plan_problems(page)
    else:
        problems += week_plan_problems(page)
    if meta["type"] not in LESSON_TYPES:
        problems.append(f"{shown}: type {meta['type']!r} is not one of {sorted(LESSON_TYPES)}")
    if not isinstance(meta["objectives"], list) or len(meta["objectives"]) < 3:
        problems.append(f"{shown}: list at least three learning objectives")
    starter_week = parse_week(str(meta["starter"]))
    if not starter_path(starter_week).is_dir():
        problems.append(f"{shown}: starter {meta['starter']} does not exist")

    duration = int(meta["duration"])
    missing = [s for s in LESSON_SECTIONS if s not in page.sections]
    problems += [f"{shown}: missing section `## {s}`" for s in missing]
    notes = page.sections.get("Instructor notes", "")
    problems += [
        f"{shown}: `## Instructor notes` lacks `### {s}`"
        for s in INSTRUCTOR_NOTE_SECTIONS
        if f"### {s}" not in notes
    ]

    rows = agenda_minutes(page)
    if not rows:
        problems.append(f"{shown}: the agenda has no `| 0:00-0:10 | ... |` rows")
    else:
        expected_start = 0
        for start, end in rows:
            if start != expected_start or end <= start:
                problems.append(f"{shown}: agenda row {start}-{end} min does not follow on")
            expected_start = end
        if expected_start != duration:
            problems.append(f"{shown}: the agenda adds up to {expected_start} min, not {duration}")
    parts = [int(m.group(1)) for h in page.sections if (m := _PART_HEADING.match(h))]
    if rows and parts != [end - start for start, end in rows]:
        problems.append(
            f"{shown}: part headings ({parts} min) do not match the agenda rows "
            f"({[end - start for start, end in rows]} min)"
        )
    problems += typed_date_problems(page)
    problems += code_reference_problems(page, starter_week)
    return problems
