"""Read lessons and homework pages, and check that they tell the truth about the code.

A lesson that names a file, an endpoint or a class that is not in its week's app sends an
instructor hunting in front of a class; these checks make that a failing test instead.
"""

import builtins
import importlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from course.errors import CourseError
from course.render import render_tree, starter_path
from course.term import HOMEWORK_BY_ID, REPO_ROOT, parse_week

LESSONS_DIR = REPO_ROOT / "lessons"
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
HOMEWORK_SECTIONS = (
    "Goal",
    "What you are given",
    "Behavior contracts",
    "Run the visible tests",
    "How it is graded",
    "Due date and submission",
    "Reading the grader's feedback",
)
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

_TYPED_DATE = re.compile(
    r"\b20\d\d-\d\d-\d\d\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? "
    r"\d{1,2}\b"
)
_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_ENDPOINT = re.compile(rf"^({'|'.join(HTTP_METHODS)}) (/[\w/{{}}.-]*)(?:\?\S*)?$")
_APP_PATH = re.compile(r"^(?:coursehub|tests|sql)/[\w/.-]*[\w]$")
_IDENTIFIER = re.compile(r"^(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z_][a-z0-9_]*\(\))$")
# Agenda times are written with a hyphen or an en dash (U+2013), e.g. "0:00-0:10".
_AGENDA_TIME = re.compile(r"^(\d+):(\d\d)\s*[-\u2013]\s*(\d+):(\d\d)$")
_PART_HEADING = re.compile(r"^Part \d+: .+ \((\d+) minutes?\)$")
LIBRARY_MODULES = (
    "fastapi",
    "fastapi.testclient",
    "fastapi.security",
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "starlette.requests",
    "httpx",
    "pytest",
    "jwt",
    "pwdlib",
)


@dataclass
class Page:
    path: Path
    meta: dict[str, Any]
    body: str
    sections: dict[str, str] = field(default_factory=dict)  # "## Heading" -> its text

    @property
    def shown(self) -> str:
        return str(self.path.relative_to(REPO_ROOT))


def read_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        raise CourseError(f"{path}: a page starts with front matter between two `---` lines")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise CourseError(f"{path}: the front matter is not valid YAML ({error})") from None
    body = match.group(2)
    sections: dict[str, str] = {}
    current = None
    for line in body.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            sections[current] = ""
        elif current is not None:
            sections[current] += line + "\n"
    return Page(path, meta, body, sections)


def lesson_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/session-*.md"))]


def handout_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/handouts/*.md"))]


def handout_problems(page: Page) -> list[str]:
    week = parse_week(page.path.parent.parent.name)
    problems = [f"{page.shown}: front matter lacks `title`"] if "title" not in page.meta else []
    return problems + typed_date_problems(page) + code_reference_problems(page, week)


def homework_pages() -> list[Page]:
    return [read_page(p) for p in sorted(LESSONS_DIR.glob("week-*/hw*.md"))]


# --- what a week's app contains -------------------------------------------------------------


@dataclass(frozen=True)
class WeekApp:
    starter_files: frozenset[str]
    endpoints: frozenset[str]  # "GET /api/courses/{}"
    names: frozenset[str]  # classes, functions, assignments and imports of the reference


def normalise_endpoint(method: str, path: str) -> str:
    shape = re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")
    return f"{method.upper()} {shape}"


@cache
def week_app(week: int) -> WeekApp:
    starter = starter_path(week)
    starter_files = frozenset(
        str(p.relative_to(starter)) for p in starter.rglob("*") if "__pycache__" not in p.parts
    )
    endpoints: set[str] = set()
    names: set[str] = set()
    for item in render_tree(week, "reference"):
        if item.relative.suffix != ".py":
            continue
        source = item.content.decode()
        prefix = re.search(r'APIRouter\(prefix="([^"]*)"', source)
        for method, path in re.findall(
            r'@router\.(get|post|put|patch|delete)\(\s*"([^"]*)"', source
        ):
            endpoints.add(normalise_endpoint(method, (prefix.group(1) if prefix else "") + path))
        names.update(re.findall(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)", source, re.MULTILINE))
        names.update(re.findall(r"^(\w+)\s*(?::[^=\n]*)?=", source, re.MULTILINE))
        for imported in re.findall(r"^\s*from\s+[\w.]+\s+import\s+\(?([^)\n]*)", source, re.M):
            names.update(n.strip().split(" as ")[-1] for n in imported.split(",") if n.strip())
    return WeekApp(starter_files, frozenset(endpoints), frozenset(names))


@cache
def is_library_name(name: str) -> bool:
    if hasattr(builtins, name):
        return True
    for module in LIBRARY_MODULES:
        try:
            if hasattr(importlib.import_module(module), name):
                return True
        except ImportError:
            continue
    return False


# --- checks ---------------------------------------------------------------------------------


def _route_matches(mention: str, endpoints: frozenset[str]) -> bool:
    """`GET /api/courses/999` and `GET /api/courses/{course_id}` both name `GET /api/courses/{}`."""
    return any(
        re.fullmatch(re.escape(route).replace(re.escape("{}"), r"[^/]+"), mention)
        for route in endpoints
    )


def code_reference_problems(page: Page, week: int) -> list[str]:
    """Every file, endpoint and name in backticks exists in the week's app, except what the page
    lists under `introduces:` in its front matter (a file or route an exercise creates)."""
    app = week_app(week)
    introduced = {str(item).strip() for item in page.meta.get("introduces", [])}
    problems = []
    for span in sorted(set(_CODE_SPAN.findall(page.body))):
        span = span.strip()
        if span.split("?")[0] in introduced:
            continue
        if endpoint := _ENDPOINT.match(span):
            key = normalise_endpoint(*endpoint.groups())
            if not _route_matches(key, app.endpoints):
                problems.append(f"{page.shown}: endpoint `{span}` is not in week {week}'s app")
        elif _APP_PATH.match(span):
            if span.rstrip("/") not in app.starter_files:
                problems.append(f"{page.shown}: `{span}` is not in starter/week-{week:02d}/")
        elif _IDENTIFIER.match(span):
            name = span.removesuffix("()")
            if name not in app.names and not is_library_name(name):
                problems.append(f"{page.shown}: `{span}` is defined nowhere in week {week}'s app")
    return problems


def typed_date_problems(page: Page) -> list[str]:
    return [
        f'{page.shown}: typed date {found!r}; use {{{{ session_date }}}} or {{{{ due("hwNN") }}}}'
        for found in _TYPED_DATE.findall(page.body)
    ]


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
    problems = []
    for key in ("title", "week", "session", "type", "duration", "starter", "objectives"):
        if key not in meta:
            problems.append(f"{shown}: front matter lacks `{key}`")
    if problems:
        return problems
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


# --- homework pages and their contracts -----------------------------------------------------


@dataclass(frozen=True)
class Contract:
    endpoint: str
    statuses: frozenset[int]
    fields: frozenset[str]


def contracts_of(page: Page) -> list[Contract]:
    text = page.sections.get("Behavior contracts", "")
    contracts = []
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        heading, _, rest = block.partition("\n")
        found = _ENDPOINT.match(heading.strip().strip("`"))
        if not found:
            continue
        statuses = {int(code) for code in re.findall(r"^\s*[-*]\s*`?(\d{3})\b", rest, re.M)}
        fields = set(re.findall(r"^\s*[-*]\s*`(\w+)`\s*:", rest, re.MULTILINE))
        contracts.append(
            Contract(normalise_endpoint(*found.groups()), frozenset(statuses), frozenset(fields))
        )
    return contracts


def suite_facts(test_sources: list[str]) -> tuple[set[str], set[int], str]:
    """Endpoints requested, status codes asserted, and the text of a homework's tests."""
    endpoints: set[str] = set()
    statuses: set[int] = set()
    for source in test_sources:
        for method, path in re.findall(
            r"client\.(get|post|put|patch|delete)\(\s*f?\"(/[^\"]*)\"", source
        ):
            path = re.sub(r"\{[^}]*\}|/\d+(?=/|$)", "/{}", path).replace("//{}", "/{}")
            endpoints.add(normalise_endpoint(method, path))
        statuses.update(int(code) for code in re.findall(r"status_code == (\d{3})", source))
        statuses.update(int(code) for code in re.findall(r"error_of\([^\n]*?, (\d{3})\)", source))
    return endpoints, statuses, "\n".join(test_sources)


def homework_problems(page: Page) -> list[str]:
    shown = page.shown
    problems = []
    homework_id = page.meta.get("homework")
    if homework_id not in HOMEWORK_BY_ID:
        return [f"{shown}: front matter `homework` must be one of {sorted(HOMEWORK_BY_ID)}"]
    homework = HOMEWORK_BY_ID[homework_id]
    if page.meta.get("week") != homework.week:
        problems.append(f"{shown}: {homework_id} belongs to week {homework.week}")
    if not page.path.name.startswith(f"{homework_id}-"):
        problems.append(f"{shown}: file name must start with {homework_id}-")
    problems += [
        f"{shown}: missing section `## {s}`" for s in HOMEWORK_SECTIONS if s not in page.sections
    ]
    problems += typed_date_problems(page)
    problems += code_reference_problems(page, homework.week)
    problems += grader_problems(page, homework.id, homework.kind)
    if homework.kind == "contract":
        problems += contract_problems(page, homework.id, homework.week)
    return problems


def grader_problems(page: Page, homework_id: str, kind: str) -> list[str]:
    """The homework is one the grader knows, and the page promises the points it grades."""
    if kind == "worksheet":
        from course.worksheets import WORKSHEETS

        sheets = [sheet for sheet in WORKSHEETS if sheet.homework == homework_id]
        if not sheets:
            return [f"{page.shown}: no nbgrader worksheet grades {homework_id}"]
        missing = [s.assignment for s in sheets if s.assignment not in page.body]
        return [f"{page.shown}: name the worksheet {name} students hand in" for name in missing]
    from autograder.spec import load_assignment

    try:
        assignment = load_assignment(homework_id)
    except CourseError:
        return [f"{page.shown}: the autograder has no assignment {homework_id}"]
    points = f"{assignment.points:g} points"
    if points not in page.sections.get("How it is graded", ""):
        return [f"{page.shown}: `## How it is graded` must state the grader's {points}"]
    return []


def contract_problems(page: Page, homework_id: str, week: int) -> list[str]:
    contracts = contracts_of(page)
    suite = [
        item.content.decode()
        for item in render_tree(week, "reference")
        if item.relative.name.startswith(f"test_{homework_id}_")
    ]
    # The hidden suite is held to the same contracts: a student is never graded on an
    # endpoint or a status code the homework page does not promise.
    hidden = REPO_ROOT / "autograder" / "assignments" / homework_id / "hidden"
    suite += [path.read_text(encoding="utf-8") for path in sorted(hidden.glob("*.py"))]
    if not contracts:
        return [f"{page.shown}: no `### METHOD /path` contracts under `## Behavior contracts`"]
    endpoints, statuses, text = suite_facts(suite)
    written = {c.endpoint for c in contracts}
    problems = [
        f"{page.shown}: contract for `{e}` but the {homework_id} tests never call it"
        for e in sorted(written)
        if not any(_route_matches(called, frozenset({e})) for called in endpoints)
    ]
    # Tests may also set up data through endpoints that earlier weeks already had.
    known = frozenset(written | (week_app(week - 1).endpoints - written))
    problems += [
        f"{page.shown}: the {homework_id} tests call `{e}` but no contract describes it"
        for e in sorted(endpoints)
        if not _route_matches(e, known)
    ]
    promised = set().union(*(c.statuses for c in contracts))
    problems += [
        f"{page.shown}: status {s} appears in a contract but no {homework_id} test checks it"
        for s in sorted(promised - statuses)
    ]
    problems += [
        f"{page.shown}: the {homework_id} tests check status {s} but no contract lists it"
        for s in sorted(statuses - promised)
    ]
    for contract in contracts:
        problems += [
            f"{page.shown}: field `{name}` of `{contract.endpoint}` never appears in the tests"
            for name in sorted(contract.fields)
            if f'"{name}"' not in text
        ]
    return problems
