"""Lesson plans and handouts, checked: the front matter, the sections an instructor relies
on, an agenda that adds up to the session, and only names and dates that exist.

A lesson that names a file, an endpoint or a class that is not in its week's app sends an
instructor hunting in front of a class; these checks make that a failing test instead. An
answer key outside an instructors block would be published on the course website: that fails
too (`instructor_blocks`).
"""

import re

from course.content.instructor_blocks import instructor_problems
from course.content.pages import Page
from course.content.references import code_reference_problems, typed_date_problems
from courseware.render import starter_path
from courseware.term import parse_week

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


def handout_problems(page: Page) -> list[str]:
    week = parse_week(page.path.parent.parent.name)
    problems = [f"{page.shown}: front matter lacks `title`"] if "title" not in page.meta else []
    problems += instructor_problems(page.path.read_text(encoding="utf-8"), page.shown)
    return problems + typed_date_problems(page) + code_reference_problems(page, week)


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
    meta, shown = page.meta, page.shown
    problems = instructor_problems(page.path.read_text(encoding="utf-8"), shown)
    missing_keys = [
        f"{shown}: front matter lacks `{key}`"
        for key in ("title", "week", "session", "type", "duration", "starter", "objectives")
        if key not in meta
    ]
    if missing_keys:
        return problems + missing_keys
    week = int(meta["week"])
    folder_week = parse_week(page.path.parent.name)
    if week != folder_week:
        problems.append(f"{shown}: front matter says week {week}, folder says {folder_week}")
    if not page.path.name.startswith(f"session-{meta['session']}-"):
        problems.append(f"{shown}: file name must start with session-{meta['session']}-")
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
