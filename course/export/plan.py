"""The student repository's PLAN.md: the term as a student sees it from one week.

The starter's PLAN.md (`solutions/coursehub/PLAN.md`) is the instructors' map: it names the
week markers, the tool that renders starters and where each homework's answer lives, none of
which a student has. The student version takes from it only what the app gains each week
(its tables and endpoints), so the plan is still written once; the weeks' topics and homework
come from the lessons and `courseware.term`.
"""

import re
from pathlib import Path

from course.export.site_links import page_address
from course.export.values import student_template, template_values
from course.site.dates import homework_label
from course.site.plan import PLANNED_SESSIONS
from course.site.sources import lesson_sources
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import COURSEHUB_DIR
from courseware.term import WEEKS, Homework, app_of_week, homework_of_week

INSTRUCTOR_PLAN = COURSEHUB_DIR / "PLAN.md"
SCHEDULE_PAGE = "schedule.md"
# The columns of the instructors' table that say what the app gains in a week.
GAINS_COLUMNS = ("entities (tables)", "endpoints added")
# Names a student repository has no use for: the courseware's folders and its tool.
INSTRUCTOR_ONLY = re.compile(r"solutions/|courseware/|autograder/|\bcourse (render|serve)\b")


# What each part of a student repository holds, shown when the repository has it.
def where_entries(package: str) -> tuple[tuple[str, str], ...]:
    """(path, what it holds) for a repository whose app is the package `package`."""
    return (
        ("README.md", "this week's homework: what to build, how it is graded, how to hand it in"),
        ("PLAN.md", "this page"),
        (f"{package}/", f"the app, a FastAPI package: `uv run python -m {package}` serves it"),
        ("tests/", "the visible tests: they talk to the app over HTTP, as the grader does"),
        ("sql/", "the tables and the sample data, written as SQL"),
        ("TEAM.md", "your team's working agreement (HW0)"),
        ("pyproject.toml", "the app's dependencies at pinned versions, and pytest's settings"),
        ("uv.lock", "every package uv installs, at the versions the course was tested with"),
        (".devcontainer/", "how a GitHub codespace of this repository is set up"),
        (".github/workflows/", "what GitHub runs on your pushes and pull requests"),
    )


def plan_rows(plan_text: str) -> dict[int, list[str]]:
    """{week: [cell of each of GAINS_COLUMNS]} from the instructors' table; a row for
    several weeks (`14-15`) is given to the first of them."""
    lines = [line.strip() for line in plan_text.splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        raise CourseError(f"{INSTRUCTOR_PLAN.name}: no table of the weeks found")
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    missing = [name for name in ("week", *GAINS_COLUMNS) if name not in header]
    if missing:
        raise CourseError(f"{INSTRUCTOR_PLAN.name}: the weeks' table has no column {missing[0]!r}")
    rows: dict[int, list[str]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        week = re.match(r"\d+", cells[header.index("week")])
        if week and len(cells) == len(header):
            rows[int(week.group(0))] = [cells[header.index(name)] for name in GAINS_COLUMNS]
    return rows


def without_courseware_paths(cell: str, student_paths: set[str]) -> str:
    """A cell with the courseware's own paths left out (`solutions/conduit/`): the student
    repository does not have them."""

    def drop(found: re.Match[str]) -> str:
        return found.group(0) if found.group(1).split("/")[0] in student_paths else ""

    cell = re.sub(r"(?:,\s*)?`([\w.-]+/[^`\s]*)`", drop, cell)
    return re.sub(r"^\s*,\s*", "", cell)


def session_titles() -> dict[int, list[str]]:
    """The titles of the written session plans by week; PLANNED_SESSIONS for the others."""
    titles = {week: list(PLANNED_SESSIONS.get(week, ())) for week in WEEKS}
    written: dict[int, list[str]] = {}
    for source in lesson_sources():
        if source.kind == "session":
            written.setdefault(source.week, []).append(source.title)
    return titles | written


def homework_text(homework: Homework | None) -> str:
    """`HW3: CRUD for courses`; the capstone's title already says what it is."""
    if homework is None:
        return ""
    label = homework_label(homework)
    return homework.title if homework.title.startswith(label) else f"{label}: {homework.title}"


def term_table(homework: Homework, student_paths: set[str]) -> str:
    rows = plan_rows(INSTRUCTOR_PLAN.read_text(encoding="utf-8"))
    sessions = session_titles()
    lines = [
        "| week | sessions | homework | new data | new API |",
        "|---|---|---|---|---|",
    ]
    for week in WEEKS:
        gains = [without_courseware_paths(cell, student_paths) for cell in rows.get(week, [])]
        cells = [
            str(week),
            "; ".join(sessions[week]),
            homework_text(homework_of_week(week)),
            *(gains or ["", ""]),
        ]
        if week == homework.week:
            cells = [f"**{cell}**" if cell else "" for cell in cells]
            cells[0] = f"**{week} (this repository)**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def term_status(week: int) -> str:
    first = WEEKS[0]
    before = {first: "This is the first week.", first + 1: f"Week {first} came before this one."}
    before_text = before.get(week, f"Weeks {first} to {week - 1} came before this one.")
    after = (
        f"Weeks {week + 1} to {WEEKS[-1]} are planned; their details may still change."
        if week < WEEKS[-1]
        else ""
    )
    return f"{before_text} {after}".strip()


def where_table(files: list[Path], package: str) -> str:
    paths = [path.as_posix() for path in files]
    lines = ["| in this repository | what it holds |", "|---|---|"]
    for entry, text in where_entries(package):
        if any(path == entry or path.startswith(entry) for path in paths):
            lines.append(f"| `{entry}` | {text} |")
    return "\n".join(lines)


def commands(homework: Homework, files: list[Path]) -> str:
    own_tests = re.compile(rf"tests/test_{homework.id}_\w+\.py")
    tests = sorted(path.as_posix() for path in files if own_tests.fullmatch(path.as_posix()))
    lines = [
        ("uv sync --locked", "install what uv.lock lists (uv run does it too)"),
        (
            f"uv run python -m {app_of_week(homework.week)}",
            "the app, with its API docs at http://127.0.0.1:8000/docs",
        ),
        ("uv run pytest", "every visible test"),
    ]
    lines += [(f"uv run pytest {test}", "this homework's tests only") for test in tests]
    width = max(len(command) for command, _ in lines) + 2
    return "\n".join(f"{command.ljust(width)}# {comment}" for command, comment in lines)


def app_summary(starter_readme: str) -> str:
    """The first paragraph of the app's README: what the app is."""
    body = re.sub(r"\A# [^\n]*\n+", "", starter_readme)
    return body.split("\n\n", 1)[0].strip()


def schedule_reference(site_url: str | None) -> str:
    """The site's schedule page (`course.site.build.plan_site` makes it), linked if we can."""
    if site_url is None:
        return "the *Schedule* page of the course website"
    return f"the [schedule]({site_url}{page_address(SCHEDULE_PAGE)}) of the course website"


def student_plan(
    homework: Homework, starter_readme: str, files: list[Path], site_url: str | None
) -> str:
    """PLAN.md for the student repository of `homework`'s week, whose files are `files`."""
    student_paths = {path.parts[0] for path in files}
    values = template_values(homework) | {
        "SCHEDULE": schedule_reference(site_url),
        "APP": app_summary(starter_readme),
        "TERM": load_calendar().name,
        "HOMEWORK": homework_text(homework),
        "TERM_STATUS": term_status(homework.week),
        "TERM_TABLE": term_table(homework, student_paths),
        "WHERE": where_table(files, app_of_week(homework.week)),
        "COMMANDS": commands(homework, files),
    }
    text = student_template("PLAN.md", values)
    if found := INSTRUCTOR_ONLY.search(text):
        raise CourseError(
            f"the student PLAN.md would name {found.group(0)!r}, which students do not have: "
            f"reword that part of {INSTRUCTOR_PLAN.name} or of course/export/plan.py"
        )
    return text
