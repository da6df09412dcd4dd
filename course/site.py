"""The course website: what mkdocs builds from the repository, and what it must never show.

`mkdocs.yml` reads `docs/`; the hooks in `docs/hooks/course_site.py` call this module, which
- pulls the session plans, homework pages and handouts from `lessons/week-NN/` (never copies
  of them) and the student versions of the worksheets from `worksheets/`;
- fills in `{{ session_date }}` and `{{ due("hwNN") }}` from `lessons/calendar.toml`;
- generates the pages that are facts of the repository rather than prose: the schedule, the
  week pages, the homework table, the endpoint reference, the data-model diagram and the
  reference solutions that are released;
- after the build, scans every page for text of hidden tests, mutants, worksheet solutions and
  reference solutions that are not released yet (`find_leaks`); the build fails on any.

Solution release: a homework's reference solution is published `SOLUTION_RELEASE_DAYS` after
its due date, unless `lessons/calendar.toml` has a `[solution_release]` table that says
otherwise (`days_after_due = N` for all, or `hw03 = 2026-02-20` / `hw03 = "never"` for one).
The site is built "as of" now, or as of `COURSE_SITE_DATE` (an ISO date) for a preview.
"""

import ast
import difflib
import hashlib
import html
import importlib.util
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from markdown.extensions.toc import slugify

from course.calendar import CALENDAR_FILE, Calendar, Session, load_calendar
from course.content import LESSONS_DIR, contracts_of, read_page
from course.errors import CourseError
from course.render import render_tree, starter_path
from course.term import (
    HOMEWORK,
    HOMEWORK_BY_ID,
    REPO_ROOT,
    SOLUTIONS_DIR,
    STARTER_WEEKS,
    WEEKS,
    Homework,
    homework_of_week,
    parse_week,
    week_id,
)

AUTOGRADER_DIR = REPO_ROOT / "autograder"
WORKSHEETS_DIR = REPO_ROOT / "worksheets"
WORKSHEET_SOURCE_DIR = WORKSHEETS_DIR / "source"
CACHE_DIR = REPO_ROOT / ".cache" / "course-site"

SITE_DATE_VARIABLE = "COURSE_SITE_DATE"
# A folder of ready student notebooks to publish instead of releasing them from worksheets/.
WORKSHEETS_VARIABLE = "COURSE_SITE_WORKSHEETS"
SOLUTION_RELEASE_DAYS = 7

# Files under autograder/ whose path contains one of these words are never published.
PRIVATE_PATH_WORDS = ("hidden", "mutant")
# The leak check's fingerprints: runs of this many consecutive lines of a private file...
SHINGLE_LINES = 3
# ...that hold at least one line this long which no public file has...
MIN_SECRET_CHARS = 8
# ...and are this long in all (shorter runs are too common to prove anything).
MIN_FINGERPRINT_CHARS = 40

LESSON_ASSET_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".csv"}
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
    ("Extensions", 13, 13),
    ("Capstone", 14, 15),
)


# --- the moment the site is built for -------------------------------------------------------


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
            releases[homework.id] = calendar.due(homework) + timedelta(days=days)
        elif value == "never":
            releases[homework.id] = None
        elif isinstance(value, datetime):
            releases[homework.id] = (
                value if value.tzinfo else value.replace(tzinfo=calendar.timezone)
            )
        elif isinstance(value, date):
            releases[homework.id] = datetime.combine(value, time(0), tzinfo=calendar.timezone)
        else:
            raise CourseError(
                f'{calendar_file}: [solution_release] {homework.id} must be a date or "never"'
            )
    return releases


def homework_label(homework: Homework) -> str:
    """`hw01` is shown as HW1, `capstone` as Capstone."""
    if found := re.fullmatch(r"hw0*(\d+)", homework.id):
        return f"HW{found.group(1)}"
    return homework.id.capitalize()


def is_released(release: datetime | None, moment: datetime) -> bool:
    return release is not None and release <= moment


# --- placeholders ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>session_date|due)\s*(?:\(\s*(?:\"(?P<arg>[^\"]*)\"|'(?P<arg2>[^']*)')"
    r"\s*\))?\s*\}\}"
)
_ANY_KNOWN_PLACEHOLDER = re.compile(r"\{\{\s*(session_date|due)\b")


def fill_placeholders(text: str, meta: Mapping[str, Any], calendar: Calendar, where: str) -> str:
    """Replace `{{ session_date }}` and `{{ due("hwNN") }}` with dates from the calendar."""

    def replace(found: re.Match[str]) -> str:
        name, argument = found["name"], found["arg"] or found["arg2"]
        if name == "session_date":
            if argument is not None:
                raise CourseError(f"{where}: write {{{{ session_date }}}} without arguments")
            if "week" not in meta or "session" not in meta:
                raise CourseError(
                    f"{where}: {{{{ session_date }}}} needs `week` and `session` in the front "
                    "matter"
                )
            session = calendar.session(int(meta["week"]), int(meta["session"]))
            if session.cancelled_for:
                return f"{long_date(session.day)} (no class: {session.cancelled_for})"
            return long_date(session.day)
        if not argument:
            raise CourseError(f'{where}: write {{{{ due("hwNN") }}}} with a homework id')
        try:
            homework = HOMEWORK_BY_ID[argument]
        except KeyError:
            raise CourseError(
                f"{where}: {{{{ due({argument!r}) }}}} names no homework; known ids are "
                f"{', '.join(HOMEWORK_BY_ID)}"
            ) from None
        return due_text(calendar.due(homework))

    filled = _PLACEHOLDER.sub(replace, text)
    if broken := _ANY_KNOWN_PLACEHOLDER.search(filled):
        line = filled[: broken.start()].count("\n") + 1
        raise CourseError(
            f"{where}:{line}: malformed placeholder; write {{{{ session_date }}}} or "
            f'{{{{ due("hw03") }}}}'
        )
    return filled


# --- pages pulled from lessons/ -------------------------------------------------------------


@dataclass(frozen=True)
class SourcePage:
    path: Path  # where it lives in the repository
    src_uri: str  # where it lives in the site, e.g. weeks/week-02/session-1-deep-dive.md
    kind: str  # "session", "homework" or "handout"
    week: int
    title: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def session(self) -> int | None:
        return int(self.meta["session"]) if self.kind == "session" else None

    @property
    def homework_id(self) -> str | None:
        return str(self.meta["homework"]) if self.kind == "homework" else None


def _site_uri(path: Path, lessons_dir: Path) -> str:
    return "weeks/" + path.relative_to(lessons_dir).as_posix()


def lesson_sources(lessons_dir: Path = LESSONS_DIR) -> list[SourcePage]:
    """Every session plan, homework page and handout, in week order."""
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
                SourcePage(path, _site_uri(path, lessons_dir), "session", week, title, meta)
            )
        for path in sorted(week_dir.glob("hw*.md")):
            meta = read_page(path).meta
            homework_id = str(meta.get("homework", ""))
            if homework_id not in HOMEWORK_BY_ID:
                raise CourseError(f"{path}: front matter `homework` must name a homework")
            title = str(meta.get("title") or HOMEWORK_BY_ID[homework_id].title)
            found.append(
                SourcePage(path, _site_uri(path, lessons_dir), "homework", week, title, meta)
            )
        for path in sorted(week_dir.glob("handouts/*.md")):
            meta = read_page(path).meta
            title = str(meta.get("title") or path.stem.replace("-", " ").capitalize())
            found.append(
                SourcePage(path, _site_uri(path, lessons_dir), "handout", week, title, meta)
            )
    return found


def lesson_assets(lessons_dir: Path = LESSONS_DIR) -> list[tuple[Path, str]]:
    """Pictures and files that lesson pages show or link, with their place in the site."""
    return [
        (path, _site_uri(path, lessons_dir))
        for path in sorted(lessons_dir.glob("week-[0-9][0-9]/**/*"))
        if path.is_file() and path.suffix.lower() in LESSON_ASSET_SUFFIXES
    ]


# --- worksheets: the student versions only ----------------------------------------------------


@dataclass(frozen=True)
class Worksheet:
    path: Path  # the student version, outside worksheets/source/
    src_uri: str  # worksheets/<assignment>/<notebook>.ipynb
    src_dir: Path  # the folder the site reads it from: src_dir / src_uri is path
    assignment: str
    title: str
    week: int | None

    @property
    def page_uri(self) -> str:
        """The page that shows the notebook; the .ipynb itself is published beside it."""
        return str(PurePosixPath(self.src_uri).with_suffix(".md"))


def _tree_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def released_notebooks(environ: Mapping[str, str] = os.environ) -> Path | None:
    """A folder whose `worksheets/<assignment>/` holds the student notebooks to publish.

    They come from `course.worksheets.release_student_versions` (nbgrader's generate_assignment,
    so solutions and hidden tests are stripped), cached under `.cache/` by the digest of the
    sources, or are copied from the folder `COURSE_SITE_WORKSHEETS` names (`<assignment>/*.ipynb`
    inside). None: there are no worksheets yet.
    """
    if override := environ.get(WORKSHEETS_VARIABLE, "").strip():
        source = Path(override).resolve()
        if not source.is_dir():
            raise CourseError(f"{WORKSHEETS_VARIABLE}={override}: no such folder")
        stage = CACHE_DIR / f"given-{_tree_digest([source])}"
        if not (stage / ".complete").is_file():
            shutil.rmtree(stage, ignore_errors=True)
            shutil.copytree(source, stage / "worksheets", dirs_exist_ok=True)
            (stage / ".complete").write_text(str(source) + "\n", encoding="utf-8")
        return stage
    if not WORKSHEET_SOURCE_DIR.is_dir() or importlib.util.find_spec("course.worksheets") is None:
        return None
    key = _tree_digest(
        [
            WORKSHEET_SOURCE_DIR,
            WORKSHEETS_DIR / "nbgrader_config.py",
            REPO_ROOT / "course" / "worksheets.py",
        ]
    )
    stage = CACHE_DIR / f"released-{key}"
    if not (stage / ".complete").is_file():
        from course.worksheets import release_student_versions  # slow: runs nbgrader

        scratch = CACHE_DIR / f"building-{key}-{os.getpid()}"
        shutil.rmtree(scratch, ignore_errors=True)
        (scratch / "worksheets").mkdir(parents=True)
        notebooks = release_student_versions(scratch / "worksheets")
        outside = [p for p in notebooks if not Path(p).resolve().is_relative_to(scratch)]
        if outside:
            raise CourseError(f"release_student_versions wrote outside its folder: {outside}")
        (scratch / ".complete").write_text(key + "\n", encoding="utf-8")
        for old in CACHE_DIR.glob("released-*"):
            if old != stage:
                shutil.rmtree(old, ignore_errors=True)
        try:
            scratch.rename(stage)
        except OSError:  # another build finished the same release first: use that one
            shutil.rmtree(scratch, ignore_errors=True)
            if not (stage / ".complete").is_file():
                raise
    return stage


def _notebook_title(path: Path) -> str | None:
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as error:
        raise CourseError(f"{path}: not a notebook ({error})") from None
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        if heading := re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE):
            return heading.group(1)
    return None


def worksheet_week(assignment: str) -> int | None:
    """`w02-scavenger-hunt` is week 2's; `hw02-sql` belongs to HW2's week."""
    if found := re.match(r"w(\d\d)-", assignment):
        week = int(found.group(1))
        return week if week in WEEKS else None
    if found := re.match(r"(hw\d\d)\b", assignment):
        homework = HOMEWORK_BY_ID.get(found.group(1))
        return homework.week if homework else None
    return None


def student_worksheets(stage: Path | None) -> list[Worksheet]:
    """The notebooks under `stage/worksheets/`, as pages of the site."""
    if stage is None:
        return []
    found = []
    for path in sorted((stage / "worksheets").rglob("*.ipynb")):
        relative = PurePosixPath(path.relative_to(stage).as_posix())
        if ".ipynb_checkpoints" in relative.parts:
            continue
        assignment = relative.parts[1] if len(relative.parts) > 2 else relative.stem
        known_title, known_week = _worksheet_facts(assignment)
        title = known_title or _notebook_title(path) or relative.stem.replace("-", " ")
        week = known_week or worksheet_week(assignment)
        found.append(Worksheet(path, str(relative), stage, assignment, title, week))
    return found


def _worksheet_facts(assignment: str) -> tuple[str | None, int | None]:
    """The title and week `course.worksheets` gives an assignment, when it knows it."""
    try:
        from course.worksheets import WORKSHEETS_BY_ID
    except ImportError:
        return None, None
    sheet = WORKSHEETS_BY_ID.get(assignment)
    return (sheet.title, sheet.week) if sheet else (None, None)


def _cell_text(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _indented(text: str) -> list[str]:
    return ["    " + line if line else "" for line in text.splitlines()]


def notebook_page(worksheet: Worksheet) -> str:
    """A student notebook as a page: its Markdown cells as they are, its code cells as code,
    the cells a student answers in marked as such, and a link to download the notebook."""
    try:
        notebook = json.loads(worksheet.path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CourseError(f"{worksheet.path}: not a notebook ({error})") from None
    language = notebook.get("metadata", {}).get("kernelspec", {}).get("language", "python")
    name = PurePosixPath(worksheet.src_uri).name
    parts = [
        "---",
        f"title: {json.dumps(worksheet.title)}",
        "---",
        "",
        f"[:material-download: Download {name}]({name}){{ .md-button .md-button--primary }}"
        " Open it in Jupyter (`uv run jupyter lab` in your course folder), answer in the cells "
        "marked *your answer*, and run the checks under them.",
        "",
    ]
    for cell in notebook.get("cells", []):
        text = _cell_text(cell).rstrip()
        grading = cell.get("metadata", {}).get("nbgrader", {})
        answer = bool(grading.get("solution"))
        check = bool(grading.get("grade")) and not answer and cell.get("cell_type") == "code"
        points = grading.get("points")
        worth = f", {points:g} points" if isinstance(points, int | float) else ""
        if cell.get("cell_type") == "markdown":
            if answer:
                parts += [f'!!! question "Your answer{worth}"', "", *_indented(text), ""]
            else:
                parts += [text, ""]
            continue
        if cell.get("cell_type") != "code":
            parts += [_fenced(text, "text"), ""]
            continue
        title = "your answer" if answer else "check" if check else ""
        options = f' title="{title}{worth}"' if title else ""
        parts += [_fenced(text or " ", language, options), ""]
        for output in cell.get("outputs", []):
            shown = output.get("text") or output.get("data", {}).get("text/plain")
            if shown:
                parts += [_fenced(_cell_text({"source": shown}), "text"), ""]
    return "\n".join(parts)


# --- reading the app: endpoints and tables ----------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    source: str  # e.g. coursehub/routes/groups.py
    needs_login: bool
    status: int | None
    response: str | None
    week: int  # the first week whose starter has it working


def _status_of(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if found := re.search(r"(\d{3})", ast.unparse(node)):
        return int(found.group(1))
    return None


def routes_of(folder: Path, week: int) -> list[Endpoint]:
    """The endpoints a starter's `coursehub/routes/*.py` declares (stubs in comments are not)."""
    found = []
    for path in sorted((folder / "coursehub" / "routes").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prefix = ""
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func).endswith("APIRouter")
                and (keyword := next((k for k in node.keywords if k.arg == "prefix"), None))
                and isinstance(keyword.value, ast.Constant)
            ):
                prefix = str(keyword.value.value)
        for function in tree.body:
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in function.decorator_list:
                if not (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in ("get", "post", "put", "patch", "delete")
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    continue
                keywords = {k.arg: k.value for k in decorator.keywords}
                annotations = " ".join(
                    ast.unparse(a.annotation) for a in function.args.args if a.annotation
                )
                docstring = ast.get_docstring(function) or ""
                found.append(
                    Endpoint(
                        method=decorator.func.attr.upper(),
                        path=(prefix + str(decorator.args[0].value)) or "/",
                        summary=docstring.split("\n\n")[0].replace("\n", " "),
                        source=str(path.relative_to(folder)),
                        needs_login="CurrentUser" in annotations,
                        status=_status_of(keywords["status_code"])
                        if "status_code" in keywords
                        else None,
                        response=ast.unparse(keywords["response_model"])
                        if "response_model" in keywords
                        else None,
                        week=week,
                    )
                )
    return found


def starter_endpoints(weeks: Iterable[int] = STARTER_WEEKS) -> list[Endpoint]:
    """Each endpoint as the latest starter has it, with the first week it worked in."""
    first_week: dict[tuple[str, str], int] = {}
    latest: dict[tuple[str, str], Endpoint] = {}
    for week in sorted(weeks):
        folder = starter_path(week)
        if not folder.is_dir():
            continue
        for endpoint in routes_of(folder, week):
            key = (endpoint.method, endpoint.path)
            first_week.setdefault(key, week)
            latest[key] = endpoint
    return [
        Endpoint(**{**e.__dict__, "week": first_week[key]}) for key, e in sorted(latest.items())
    ]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    primary_key: bool
    unique: bool
    references: str | None  # "table.column"


def schema_tables(schema_sql: str) -> dict[str, list[Column]]:
    """Run a schema on an empty in-memory SQLite database and read back what it made."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(schema_sql)
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        tables = {}
        for table in names:
            foreign = {
                row[3]: f"{row[2]}.{row[4]}"
                for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
            }
            unique: set[str] = set()
            for index in connection.execute(f'PRAGMA index_list("{table}")'):
                index_columns = [
                    row[2] for row in connection.execute(f'PRAGMA index_info("{index[1]}")')
                ]
                if index[2] and len(index_columns) == 1:
                    unique.add(index_columns[0])
            tables[table] = [
                Column(
                    name=row[1],
                    type=row[2] or "ANY",
                    not_null=bool(row[3]) or bool(row[5]),
                    primary_key=bool(row[5]),
                    unique=row[1] in unique,
                    references=foreign.get(row[1]),
                )
                for row in connection.execute(f'PRAGMA table_info("{table}")')
            ]
        return tables
    except sqlite3.Error as error:
        raise CourseError(f"the schema does not run on SQLite: {error}") from None
    finally:
        connection.close()


def er_diagram(tables: Mapping[str, list[Column]]) -> str:
    """A Mermaid entity-relationship diagram of the tables."""
    lines = ["erDiagram"]
    for table, columns in tables.items():
        for column in columns:
            if column.references:
                parent = column.references.split(".")[0]
                # One parent row has many child rows; a nullable key may have no parent.
                left = "||" if column.not_null else "|o"
                lines.append(f'    {parent} {left}--o{{ {table} : "{column.name}"')
    for table, columns in tables.items():
        lines.append(f"    {table} {{")
        for column in columns:
            keys = [
                key
                for key, present in (
                    ("PK", column.primary_key),
                    ("FK", column.references),
                    ("UK", column.unique),
                )
                if present
            ]
            kind = re.sub(r"\W.*", "", column.type) or "ANY"
            size = re.search(r"\((\d+)\)", column.type)
            comment = f' "max {size.group(1)}"' if size else ""
            lines.append(f"        {kind} {column.name} {', '.join(keys)}{comment}".rstrip())
        lines.append("    }")
    return "\n".join(lines)


# --- the plan of the whole site ---------------------------------------------------------------


@dataclass
class SitePlan:
    """Everything the hooks add to the build, decided once per build."""

    calendar: Calendar
    moment: datetime
    releases: dict[str, datetime | None]
    sources: list[SourcePage]
    assets: list[tuple[Path, str]]
    worksheets: list[Worksheet]
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

    def worksheets_of(self, week: int | None) -> list[Worksheet]:
        return [w for w in self.worksheets if w.week == week]

    def homework_page(self, homework_id: str) -> SourcePage | None:
        return next((s for s in self.sources if s.homework_id == homework_id), None)

    def released_solution(self, homework: Homework) -> bool:
        return (
            homework.kind in ("contract", "tests")
            and homework.week in STARTER_WEEKS
            and is_released(self.releases[homework.id], self.moment)
        )


def plan_site(
    moment: datetime | None = None,
    lessons_dir: Path = LESSONS_DIR,
    environ: Mapping[str, str] = os.environ,
) -> SitePlan:
    calendar = load_calendar()
    plan = SitePlan(
        calendar=calendar,
        moment=moment or site_moment(calendar, environ),
        releases=solution_releases(calendar),
        sources=lesson_sources(lessons_dir),
        assets=lesson_assets(lessons_dir),
        worksheets=student_worksheets(released_notebooks(environ)),
        endpoints=starter_endpoints(),
    )
    plan.pages["schedule.md"] = schedule_page(plan)
    plan.pages["weeks/index.md"] = weeks_index_page(plan)
    for week in WEEKS:
        plan.pages[f"weeks/{week_id(week)}/index.md"] = week_page(plan, week)
    plan.pages["homework/index.md"] = homework_index_page(plan)
    plan.pages["worksheets/index.md"] = worksheets_index_page(plan)
    plan.pages["solutions/index.md"] = solutions_index_page(plan)
    for homework in HOMEWORK:
        if plan.released_solution(homework):
            plan.pages[f"solutions/{homework.id}.md"] = solution_page(plan, homework)
    plan.pages["app/endpoints.md"] = endpoints_page(plan)
    plan.pages["app/data-model.md"] = data_model_page()
    for worksheet in plan.worksheets:
        plan.pages[worksheet.page_uri] = notebook_page(worksheet)
    plan.files["schedule.ics"] = calendar_file(plan)
    return plan


def _link(target: str, here: str) -> str:
    """The relative link from the page `here` to the page `target` (both src_uris)."""
    start = PurePosixPath(here).parent
    return os.path.relpath(target, start.as_posix() or ".").replace(os.sep, "/")


def session_title(plan: SitePlan, week: int, number: int) -> tuple[str, SourcePage | None]:
    page = next((s for s in plan.sessions_of(week) if s.session == number), None)
    if page:
        return page.title, page
    planned = PLANNED_SESSIONS.get(week, ("", ""))
    return planned[number - 1] if number <= len(planned) else f"Session {number}", None


def _table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _week_range(plan: SitePlan, week: int) -> tuple[date, date]:
    monday = plan.calendar.week_monday(week)
    return monday, monday + timedelta(days=6)


# --- the schedule ---------------------------------------------------------------------------


def _due_this_week(plan: SitePlan, week: int) -> list[Homework]:
    start, end = _week_range(plan, week)
    return [h for h in HOMEWORK if start <= plan.calendar.due(h).date() <= end]


def _session_line(plan: SitePlan, session: Session, here: str) -> str:
    title, page = session_title(plan, session.week, session.number)
    label = f"[{title}]({_link(page.src_uri, here)})" if page else f"{title} *(plan coming)*"
    if session.cancelled_for:
        return f"~~{label}~~ **No class: {session.cancelled_for}**"
    return label


def _homework_link(plan: SitePlan, homework: Homework, here: str) -> str:
    name = f"{homework_label(homework)}: {homework.title}"
    page = plan.homework_page(homework.id)
    return f"[{name}]({_link(page.src_uri, here)})" if page else name


def week_card(plan: SitePlan, week: int, here: str, heading: str = "###") -> str:
    """One week of the schedule: its sessions, what is handed out and what is due. Without a
    heading level, its title is a bold line (the home page keeps its table of contents short)."""
    start, end = _week_range(plan, week)
    # (day, order within the day, text): what is due comes before the class that day.
    entries: list[tuple[date, int, str]] = []
    for session in plan.calendar.sessions(week):
        entries.append(
            (session.day, 1, f"Session {session.number}: {_session_line(plan, session, here)}")
        )
    for homework in _due_this_week(plan, week):
        due = plan.calendar.due(homework)
        entries.append(
            (
                due.date(),
                0 if due.time() < time(12) else 3,
                f":material-clock-alert-outline: **Due {due:%H:%M}:** "
                f"{_homework_link(plan, homework, here)}",
            )
        )
    if assigned := homework_of_week(week):
        entries.append(
            (
                plan.calendar.sessions(week)[0].day,
                2,
                f":material-book-open-outline: **Out:** {_homework_link(plan, assigned, here)}",
            )
        )
    rows = ["| Day | What |", "|---|---|"]
    rows += [f"| {short_date(day)} | {_table_cell(text)} |" for day, _, text in sorted(entries)]
    week_link = _link(f"weeks/{week_id(week)}/index.md", here)
    return "\n".join(
        [
            f'<div class="schedule-week" data-start="{start}" data-end="{end}" '
            f'data-week="{week}" markdown>',
            "",
            f"{heading} [Week {week}]({week_link}): {short_date(start)} to {short_date(end)}"
            f" {{ #{week_id(week)} }}"
            if heading
            else f"**[Week {week}]({week_link}): {short_date(start)} to {short_date(end)}**",
            "",
            *rows,
            "",
            "</div>",
        ]
    )


def _break_card(name: str, monday: date, heading: str = "###") -> str:
    sunday = monday + timedelta(days=6)
    title = f"{name}: {short_date(monday)} to {short_date(sunday)}"
    return "\n".join(
        [
            f'<div class="schedule-week schedule-break" data-start="{monday}" '
            f'data-end="{sunday}" markdown>',
            "",
            f"{heading} {title}" if heading else f"**{title}**",
            "",
            "No classes this week; nothing is due.",
            "",
            "</div>",
        ]
    )


def _breaks_before(plan: SitePlan, week: int) -> list[tuple[str, date]]:
    monday = plan.calendar.week_monday(week)
    previous = plan.calendar.week_monday(week - 1) if week > 1 else date.min
    return [(name, day) for name, day in plan.calendar.breaks if previous < day < monday]


def term_gantt(plan: SitePlan) -> str:
    """The whole term as a Mermaid Gantt chart: units, weeks, breaks and due dates."""
    lines = [
        "```mermaid",
        '%%{init: {"gantt": {"fontSize": 13, "sectionFontSize": 13, "barHeight": 18, '
        '"barGap": 6, "leftPadding": 190}}}%%',
        "gantt",
        f"    title {plan.calendar.name}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %d",
        "    tickInterval 1week",
    ]
    for unit, first, last in UNITS:
        lines.append(f"    section {unit}")
        for week in range(first, last + 1):
            start, _ = _week_range(plan, week)
            first_title = session_title(plan, week, 1)[0]
            if len(first_title) > 32:
                first_title = first_title[:31].rstrip() + "…"
            label = re.sub(r"[:#;]", " ", f"W{week} {first_title}")
            lines.append(f"    {label} :w{week}, {start}, 5d")
    if plan.calendar.breaks:
        lines.append("    section Breaks")
        for name, monday in plan.calendar.breaks:
            lines.append(f"    {re.sub(r'[:#;]', ' ', name)} :crit, {monday}, 5d")
    lines.append("    section Due")
    for homework in HOMEWORK:
        due = plan.calendar.due(homework).date()
        lines.append(f"    {homework_label(homework)} :milestone, {due}, 0d")
    lines.append("```")
    return "\n".join(lines)


def schedule_page(plan: SitePlan) -> str:
    here = "schedule.md"
    calendar = plan.calendar
    first, last = calendar.all_sessions()[0].day, calendar.all_sessions()[-1].day
    parts = [
        "---",
        "title: Schedule",
        "hide:",
        "  - navigation",
        "---",
        "",
        f"# Schedule: {calendar.name}",
        "",
        f"Classes meet on {' and '.join(calendar.meeting_days)} "
        f"({calendar.session_minutes} minutes each), from {long_date(first)} to "
        f"{long_date(last)}. Homework of a week is due on the first class day of the next "
        f"week at {calendar.due_time:%H:%M} ({calendar.timezone}).",
        "",
        '<p class="schedule-jump" hidden><a href="#this-week">Jump to this week</a></p>',
        "",
        "[:material-calendar-export: Add to your calendar (.ics)](schedule.ics){ .md-button }",
        "",
        "## The term at a glance",
        "",
        term_gantt(plan),
        "",
        "## Week by week",
        "",
    ]
    for week in WEEKS:
        parts += [_break_card(name, monday) for name, monday in _breaks_before(plan, week)]
        parts += [week_card(plan, week, here), ""]
    return "\n".join(parts)


def this_week_cards(plan: SitePlan, here: str) -> str:
    """All week cards, hidden; a script shows the current one (the site is static)."""
    cards = [
        '<div class="this-week-cards" markdown>',
        "",
        '<div class="schedule-week schedule-before" markdown>',
        "",
        f"The term starts on {long_date(plan.calendar.all_sessions()[0].day)}.",
        "",
        "</div>",
        "",
    ]
    for week in WEEKS:
        cards += [_break_card(n, monday, heading="") for n, monday in _breaks_before(plan, week)]
        cards += [week_card(plan, week, here, heading=""), ""]
    cards += [
        '<div class="schedule-week schedule-after" markdown>',
        "",
        "The term is over. Thank you for a good one!",
        "",
        "</div>",
        "",
        "</div>",
    ]
    return "\n".join(cards)


def calendar_file(plan: SitePlan) -> str:
    """The schedule as an iCalendar file, for students' own calendars."""
    stamp = plan.moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CourseHub courseware//schedule//EN"]

    def event(uid: str, start: str, summary: str, extra: str = "") -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@coursehub", f"DTSTAMP:{stamp}", start])
        if extra:
            lines.append(extra)
        lines.extend([f"SUMMARY:{summary}", "END:VEVENT"])

    for session in plan.calendar.all_sessions():
        title, _ = session_title(plan, session.week, session.number)
        if session.cancelled_for:
            title = f"No class: {session.cancelled_for}"
        event(
            f"{session.id.replace('/', '-')}",
            f"DTSTART;VALUE=DATE:{session.day:%Y%m%d}",
            f"Week {session.week}, session {session.number}: {title}",
        )
    for homework in HOMEWORK:
        due = plan.calendar.due(homework)
        event(
            f"due-{homework.id}",
            f"DTSTART:{due.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"Due: {homework_label(homework)} {homework.title}",
            "DURATION:PT0M",
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# --- week pages -----------------------------------------------------------------------------


def week_title(plan: SitePlan, week: int) -> str:
    return f"Week {week}: {session_title(plan, week, 1)[0]}"


def week_page(plan: SitePlan, week: int) -> str:
    here = f"weeks/{week_id(week)}/index.md"
    start, end = _week_range(plan, week)
    parts = [
        "---",
        f"title: Week {week}",
        "---",
        "",
        f"# {week_title(plan, week)}",
        "",
        f"{short_date(start)} to {short_date(end)}. "
        f"[See it on the schedule]({_link('schedule.md', here)}#{week_id(week)}).",
        "",
        "## Sessions",
        "",
    ]
    for session in plan.calendar.sessions(week):
        parts.append(
            f"- **{short_date(session.day)}**, session {session.number}: "
            f"{_session_line(plan, session, here)}"
        )
    assigned = homework_of_week(week)
    parts += ["", "## Homework", ""]
    if assigned:
        due = plan.calendar.due(assigned)
        parts.append(
            f"- {_homework_link(plan, assigned, here)}: "
            f"{HOMEWORK_KIND_TEXT[assigned.kind]}, due **{due_text(due)}**"
        )
    else:
        parts.append("- No new homework this week.")
    for homework in _due_this_week(plan, week):
        parts.append(f"- Due this week: {_homework_link(plan, homework, here)}")
    handouts = plan.handouts_of(week)
    worksheets = plan.worksheets_of(week)
    if handouts or worksheets:
        parts += ["", "## Handouts and worksheets", ""]
        parts += [f"- [{h.title}]({_link(h.src_uri, here)})" for h in handouts]
        parts += [
            f"- Worksheet {w.assignment}: [{w.title}]({_link(w.page_uri, here)})"
            for w in worksheets
        ]
    if week in STARTER_WEEKS:
        parts += [
            "",
            "## Code",
            "",
            f"The starter of this week is `starter/{week_id(week)}`: your class repository "
            "receives it at the start of the week. Its `tests/` folder holds the visible "
            "behavior contracts; files named `tests/test_hwNN_*.py` fail until you do the "
            "homework.",
        ]
    return "\n".join(parts) + "\n"


def weeks_index_page(plan: SitePlan) -> str:
    here = "weeks/index.md"
    parts = [
        "---",
        "title: All weeks",
        "---",
        "",
        "# All weeks",
        "",
        "Every session plan, homework page, handout and worksheet of the term, week by week.",
        "",
    ]
    for unit, first, last in UNITS:
        parts += [f"## {unit}", ""]
        for week in range(first, last + 1):
            start, _ = _week_range(plan, week)
            items = [_session_line(plan, s, here) for s in plan.calendar.sessions(week)]
            items += [
                f"[{p.title}]({_link(p.src_uri, here)})" for p in plan.homework_pages_of(week)
            ]
            items += [f"[{h.title}]({_link(h.src_uri, here)})" for h in plan.handouts_of(week)]
            items += [f"[{w.title}]({_link(w.page_uri, here)})" for w in plan.worksheets_of(week)]
            link = _link(f"weeks/{week_id(week)}/index.md", here)
            parts.append(f"- **[Week {week}]({link})** ({short_date(start)}): " + " · ".join(items))
        parts.append("")
    return "\n".join(parts)


# --- homework, worksheets, solutions --------------------------------------------------------


def homework_index_page(plan: SitePlan) -> str:
    here = "homework/index.md"
    rows = [
        "| Homework | Week | Kind | Due | Reference solution |",
        "|---|---|---|---|---|",
    ]
    for homework in HOMEWORK:
        release = plan.releases[homework.id]
        if plan.released_solution(homework):
            solution = f"[published]({_link(f'solutions/{homework.id}.md', here)})"
        elif homework.kind not in ("contract", "tests"):
            solution = "shown in class"
        elif release is None:
            solution = "not published"
        else:
            solution = f"from {short_date(release.date())}"
        rows.append(
            f"| {_table_cell(_homework_link(plan, homework, here))} | {homework.week} | "
            f"{HOMEWORK_KIND_TEXT[homework.kind]} | "
            f"{short_date(plan.calendar.due(homework).date())}, "
            f"{plan.calendar.due(homework):%H:%M} | {solution} |"
        )
    return "\n".join(
        [
            "---",
            "title: Homework",
            "---",
            "",
            "# Homework",
            "",
            "Each homework page has everything you need: the goal, the behavior contracts, how "
            "to run the visible tests, how it is graded and when it is due. Start with the "
            f"[set-up guide]({_link('setup.md', here)}) (HW0) and read "
            f"[how the autograder answers]({_link('feedback.md', here)}) before your first "
            "pull request.",
            "",
            *rows,
            "",
            f"Due times are in {plan.calendar.timezone}. A reference solution is published on "
            "the date shown; from then on its homework page links to it.",
            "",
        ]
    )


def worksheets_index_page(plan: SitePlan) -> str:
    here = "worksheets/index.md"
    parts = [
        "---",
        "title: Worksheets",
        "---",
        "",
        "# Worksheets",
        "",
        "Worksheets are Jupyter notebooks. Open one here to read it, or download it, fill it "
        "in with `uv run jupyter lab` in your course folder, and hand it in as its session or "
        "homework page says. Cells that say `YOUR CODE HERE` or `YOUR ANSWER HERE` are yours; "
        "the cells after them check your answer (more checks run when it is graded).",
        "",
    ]
    if not plan.worksheets:
        parts.append("No worksheet is published yet.")
    for worksheet in plan.worksheets:
        when = f"week {worksheet.week}" if worksheet.week else "any week"
        parts.append(
            f"- **{worksheet.assignment}** ({when}): "
            f"[{worksheet.title}]({_link(worksheet.page_uri, here)})"
        )
    return "\n".join(parts) + "\n"


@cache
def _rendered(week: int, mode: str) -> dict[str, bytes]:
    """A week's files as `course.render.render_tree` renders them, by path (once per build)."""
    return {item.relative.as_posix(): item.content for item in render_tree(week, mode)}


def homework_changes(homework: Homework) -> dict[str, tuple[str, list[int]]]:
    """The files a homework's reference changes: {path: (reference text, changed lines)}."""
    starter = _rendered(homework.week, "starter")
    reference = _rendered(homework.week, "reference")
    changes = {}
    for path, content in sorted(reference.items()):
        if starter.get(path) == content:
            continue
        try:
            text = content.decode("utf-8")
            before = starter.get(path, b"").decode("utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        after = text.splitlines()
        changed: list[int] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                changed.extend(range(j1 + 1, j2 + 1))
        changes[path] = (text, changed)
    return changes


_LANGUAGES = {".py": "python", ".sql": "sql", ".md": "markdown", ".toml": "toml"}


def _fenced(text: str, language: str, options: str = "") -> str:
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{language}{options}\n{text.rstrip()}\n{fence}"


def _line_ranges(lines: list[int]) -> str:
    ranges: list[str] = []
    for line in lines:
        if ranges and "-" not in ranges[-1] and int(ranges[-1]) == line - 1:
            ranges[-1] = f"{ranges[-1]}-{line}"
        elif ranges and "-" in ranges[-1] and int(ranges[-1].split("-")[1]) == line - 1:
            ranges[-1] = f"{ranges[-1].split('-')[0]}-{line}"
        else:
            ranges.append(str(line))
    return " ".join(ranges)


def solution_page(plan: SitePlan, homework: Homework) -> str:
    here = f"solutions/{homework.id}.md"
    changes = homework_changes(homework)
    page = plan.homework_page(homework.id)
    parts = [
        "---",
        f"title: {homework_label(homework)} solution",
        "---",
        "",
        f"# Reference solution: {homework_label(homework)}, {homework.title}",
        "",
        f"Published {short_date(plan.releases[homework.id].date())}"  # type: ignore[union-attr]
        + (f". The homework: [{page.title}]({_link(page.src_uri, here)})." if page else "."),
        "Highlighted lines are the ones the homework asked for; the rest is the starter you "
        "received. Compare them with your own: a different solution that meets every contract "
        "is just as right.",
        "",
    ]
    if not changes:
        parts.append("This homework changes no code.")
    for path, (text, changed) in changes.items():
        language = _LANGUAGES.get(PurePosixPath(path).suffix, "text")
        options = f' title="{path}"'
        if changed and len(changed) < len(text.splitlines()):
            options += f' hl_lines="{_line_ranges(changed)}"'
        parts += [f"## `{path}`", "", _fenced(text, language, options), ""]
    return "\n".join(parts)


def solutions_index_page(plan: SitePlan) -> str:
    here = "solutions/index.md"
    released = [h for h in HOMEWORK if plan.released_solution(h)]
    parts = [
        "---",
        "title: Reference solutions",
        "---",
        "",
        "# Reference solutions",
        "",
        "A homework's reference solution appears here on its release date, some days after "
        "the homework is due; the homework table lists the date of each.",
        "",
    ]
    parts += [
        f"- [{homework_label(h)}: {h.title}]({_link(f'solutions/{h.id}.md', here)})"
        for h in released
    ] or ["No solution is published yet."]
    return "\n".join(parts) + "\n"


# --- the app's reference pages ----------------------------------------------------------------


def endpoints_page(plan: SitePlan) -> str:
    here = "app/endpoints.md"
    # "POST /api/courses" -> "[HW3](link), [HW5](link)": every homework with a contract for it
    contracts: dict[str, list[str]] = {}
    for source in plan.sources:
        if source.kind != "homework":
            continue
        page = read_page(source.path)
        for contract in contracts_of(page):
            for heading in page.sections.get("Behavior contracts", "").splitlines():
                text = heading.removeprefix("### ").strip().strip("`")
                if heading.startswith("### ") and _same_endpoint(text, contract.endpoint):
                    anchor = slugify(re.sub(r"[`*]", "", heading[4:]).strip(), "-")
                    label = homework_label(HOMEWORK_BY_ID[str(source.homework_id)])
                    link = f"[{label}]({_link(source.src_uri, here)}#{anchor})"
                    if link not in contracts.setdefault(contract.endpoint, []):
                        contracts[contract.endpoint].append(link)
    known = {_shape(e.method, e.path) for e in plan.endpoints}
    parts = [
        "---",
        "title: Endpoints",
        "---",
        "",
        "# Endpoints of CourseHub",
        "",
        f"Every endpoint the app has by week {max(STARTER_WEEKS)}, read from the starters' "
        "`coursehub/routes/` folders, with the week it first works in. Where a homework "
        "builds it, the contract links to that homework's behavior contract.",
        "",
    ]
    by_file: dict[str, list[Endpoint]] = {}
    for endpoint in plan.endpoints:
        by_file.setdefault(endpoint.source, []).append(endpoint)
    for source, endpoints in sorted(by_file.items()):
        parts += [f"## `{source}`", ""]
        for endpoint in sorted(endpoints, key=lambda e: (e.path, e.method)):
            key = _shape(endpoint.method, endpoint.path)
            parts += [f"### `{endpoint.method} {endpoint.path}`", ""]
            if endpoint.summary:
                parts += [endpoint.summary, ""]
            answer = f"{endpoint.status or 200}"
            if endpoint.response:
                answer += f" with `{endpoint.response}`"
            parts.append(f"- **Answers:** {answer}")
            parts.append(
                "- **Login:** "
                + ("required (`Authorization: Bearer <token>`)" if endpoint.needs_login else "no")
            )
            parts.append(f"- **Works from:** week {endpoint.week}")
            if key in contracts:
                parts.append(f"- **Contracts:** {', '.join(contracts[key])}")
            parts.append("")
    upcoming = sorted(set(contracts) - known)
    if upcoming:
        parts += ["## Built in homework", ""]
        for key in upcoming:
            parts += [f"### `{key}`", "", f"Contracts: {', '.join(contracts[key])}.", ""]
    return "\n".join(parts)


def _shape(method: str, path: str) -> str:
    return f"{method} " + re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")


def _same_endpoint(text: str, shape: str) -> bool:
    parts = text.split(maxsplit=1)
    return len(parts) == 2 and _shape(parts[0].upper(), parts[1]) == shape


def data_model_page() -> str:
    """The ERD of each distinct schema among the starters, newest first."""
    versions: list[tuple[list[int], str]] = []
    for week in STARTER_WEEKS:
        schema = starter_path(week) / "sql" / "schema.sql"
        if not schema.is_file():
            continue
        text = schema.read_text(encoding="utf-8")
        if versions and versions[-1][1] == text:
            versions[-1][0].append(week)
        else:
            versions.append(([week], text))
    parts = [
        "---",
        "title: Data model",
        "---",
        "",
        "# The data model of CourseHub",
        "",
        "These diagrams are drawn from `sql/schema.sql` of each week's starter: the build runs "
        "the schema on an empty SQLite database and reads back its tables, keys and "
        "constraints, so the picture cannot drift from the code. `PK` is the primary key, `FK` "
        "a foreign key (the line goes to the table it points at) and `UK` a unique column. "
        "The app's SQLAlchemy models in `coursehub/models/` create the same tables.",
        "",
    ]
    if not versions:
        return "\n".join([*parts, "No starter has a schema yet.", ""])
    for weeks, text in reversed(versions):
        label = f"Week {weeks[0]}" if len(weeks) == 1 else f"Weeks {weeks[0]}-{weeks[-1]}"
        tables = schema_tables(text)
        parts += [f'=== "{label}"', ""]
        body = [_fenced(er_diagram(tables), "mermaid"), ""]
        for table, columns in tables.items():
            body += [f"**`{table}`**", "", "| column | type | rules |", "|---|---|---|"]
            for column in columns:
                rules = [
                    rule
                    for rule, present in (
                        ("primary key", column.primary_key),
                        ("required", column.not_null and not column.primary_key),
                        ("unique", column.unique),
                        (f"references `{column.references}`", column.references),
                    )
                    if present
                ]
                body.append(f"| `{column.name}` | {column.type} | {', '.join(rules)} |")
            body.append("")
        parts += ["    " + line if line else "" for line in "\n".join(body).splitlines()]
        parts.append("")
    return "\n".join(parts)


# --- navigation and the site's own placeholders ----------------------------------------------

# The hand-written pages of docs/, in the order the navigation shows them.
GUIDE_PAGES = (
    ("Set-up guide (HW0)", "setup.md"),
    ("Autograder feedback", "feedback.md"),
)
APP_PAGES = (
    ("Request flow", "app/request-flow.md"),
    ("Data model", "app/data-model.md"),
    ("Endpoints", "app/endpoints.md"),
)
INSTRUCTOR_PAGES = (
    ("Running a session", "instructors/sessions.md"),
    ("Releasing and calibrating homework", "instructors/homework.md"),
    ("Grading a class", "instructors/grading.md"),
    ("Exporting starters", "instructors/starters.md"),
    ("Publishing the site", "instructors/publishing.md"),
    ("Starting a new term", "instructors/new-term.md"),
)


def navigation(plan: SitePlan) -> list[Any]:
    """The site's navigation: one tab per kind of thing a student or instructor looks for."""
    weeks: list[Any] = ["weeks/index.md"]
    for week in WEEKS:
        items: list[Any] = [f"weeks/{week_id(week)}/index.md"]
        items += [{f"Session {s.session}: {s.title}": s.src_uri} for s in plan.sessions_of(week)]
        items += [{p.title: p.src_uri} for p in plan.homework_pages_of(week)]
        items += [{h.title: h.src_uri} for h in plan.handouts_of(week)]
        weeks.append({week_title(plan, week): items})
    solutions: list[Any] = ["solutions/index.md"]
    solutions += [
        {f"{homework_label(h)} solution": f"solutions/{h.id}.md"}
        for h in HOMEWORK
        if plan.released_solution(h)
    ]
    return [
        {"Home": "index.md"},
        {"Syllabus": "syllabus.md"},
        {"Schedule": "schedule.md"},
        {"Weeks": weeks},
        {
            "Homework": [
                "homework/index.md",
                *({title: uri} for title, uri in GUIDE_PAGES),
                {"Reference solutions": solutions},
            ]
        },
        {"Worksheets": ["worksheets/index.md", *({w.title: w.page_uri} for w in plan.worksheets)]},
        {"CourseHub": ["app/index.md", *({title: uri} for title, uri in APP_PAGES)]},
        {"Instructors": ["instructors/index.md", *({t: uri} for t, uri in INSTRUCTOR_PAGES)]},
    ]


_SITE_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>this_week|term_gantt|term_name|first_class|last_class|meeting_days"
    r"|feedback_example|homework_page)\s*(?:\(\s*\"(?P<arg>[^\"]*)\"\s*\))?\s*\}\}"
)


def fill_site_placeholders(text: str, plan: SitePlan, here: str) -> str:
    """Placeholders the site's own pages use for facts of the calendar and the lessons.

    `{{ homework_page("hw00") }}` is the link to a homework's page (its week's page while the
    homework page is not written), so docs/ never links to a file name that may change.
    """
    sessions = plan.calendar.all_sessions()

    def homework_page(homework_id: str | None) -> str:
        if homework_id not in HOMEWORK_BY_ID:
            raise CourseError(f'docs/{here}: homework_page("{homework_id}") names no homework')
        page = plan.homework_page(homework_id)
        week = HOMEWORK_BY_ID[homework_id].week
        return _link(page.src_uri if page else f"weeks/{week_id(week)}/index.md", here)

    values = {
        "term_name": lambda _: plan.calendar.name,
        "first_class": lambda _: long_date(sessions[0].day),
        "last_class": lambda _: long_date(sessions[-1].day),
        "meeting_days": lambda _: " and ".join(f"{d}s" for d in plan.calendar.meeting_days),
        "term_gantt": lambda _: term_gantt(plan),
        "this_week": lambda _: this_week_cards(plan, here),
        "feedback_example": lambda _: feedback_example(),
        "homework_page": homework_page,
    }
    return _SITE_PLACEHOLDER.sub(lambda found: values[found["name"]](found["arg"]), text)


def feedback_example() -> str:
    """A pull-request comment as the autograder writes it, for a made-up HW3 submission.

    It is produced by the autograder's own formatter, so the page shows the real format.
    """
    try:
        from autograder.results import GradeResult, TestResult, as_markdown, humanize
    except ImportError as error:
        raise CourseError(f"the feedback page needs autograder.results ({error})") from None
    failed = [
        (
            "test_create_course_without_a_title_is_422",
            "Expected: POST /api/courses without a title answers 422 with the error format. "
            "Your app answered 500 to POST /api/courses.",
        ),
        (
            "test_delete_course_with_groups_is_409",
            "Expected: A course that still has study groups is not deleted: 409, code "
            '"conflict". Your app answered 204 to DELETE /api/courses/5.',
        ),
    ]
    passed = [
        "test_create_course_answers_201_with_location",
        "test_read_course_by_id",
        "test_unknown_course_is_404",
        "test_update_course_changes_only_sent_fields",
    ]
    tests = [TestResult(humanize(name), 0.0, 12.5, "failed", why) for name, why in failed]
    tests += [TestResult(humanize(name), 12.5, 12.5, "passed") for name in passed]
    tests += [
        TestResult(humanize("test_patch_duplicate_code_is_409"), 12.5, 12.5, "passed", "",
                   "after_due_date"),
        TestResult(humanize("test_create_course_needs_a_token"), 12.5, 12.5, "passed", "",
                   "after_due_date"),
        TestResult("(still works) " + humanize("test_list_courses"), 0.0, 0.0, "passed",
                   given=True),
    ]  # fmt: skip
    result = GradeResult(
        assignment="hw03",
        submission="pull request",
        score=sum(test.score for test in tests),
        max_score=100,
        tests=tests,
    )
    # The comment's own heading would land in this page's table of contents: make it bold.
    return re.sub(r"^#+ (.+)$", r"**\1**", as_markdown(result), count=1, flags=re.MULTILINE)


def clear_caches() -> None:
    """Forget rendered weeks and public text, for a rebuild after the sources changed."""
    _rendered.cache_clear()
    _public_lines.cache_clear()
    load_calendar.cache_clear()


# --- what the hooks do to a pulled page -------------------------------------------------------


def page_header(plan: SitePlan, source: SourcePage, body: str) -> str:
    """The title, date and objectives a session plan keeps in its front matter, made visible."""
    lines: list[str] = []
    if not re.search(r"^# ", body, re.MULTILINE):
        lines += [f"# {source.title}", ""]
    meta = source.meta
    if source.kind == "session" and source.session:
        session = plan.calendar.session(source.week, source.session)
        facts = [f"Week {source.week}, session {source.session}", long_date(session.day)]
        if session.cancelled_for:
            facts.append(f"**no class: {session.cancelled_for}**")
        facts += [str(meta[key]) for key in ("type",) if meta.get(key)]
        if meta.get("duration"):
            facts.append(f"{meta['duration']} minutes")
        if meta.get("starter"):
            facts.append(f"starter `starter/{week_id(parse_week(str(meta['starter'])))}`")
        lines += ['<p class="page-facts">' + " · ".join(_inline(f) for f in facts) + "</p>", ""]
        objectives = meta.get("objectives") or []
        if objectives:
            lines += ['!!! abstract "Learning objectives"', ""]
            lines += [f"    - {objective}" for objective in objectives]
            lines.append("")
    if source.kind == "homework" and source.homework_id:
        homework = HOMEWORK_BY_ID[source.homework_id]
        due = plan.calendar.due(homework)
        lines += [
            '<p class="page-facts">'
            + " · ".join(
                [
                    f"{homework_label(homework)}, week {homework.week}",
                    HOMEWORK_KIND_TEXT[homework.kind],
                    f"<strong>due {html.escape(due_text(due))}</strong>",
                ]
            )
            + "</p>",
            "",
        ]
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Markdown-ish inline text for a raw HTML line: code spans and bold only."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)


def homework_footer(plan: SitePlan, source: SourcePage, here: str) -> str:
    """The visible tests of the homework, quoted from the starter, and its solution's date."""
    assert source.homework_id is not None
    homework = HOMEWORK_BY_ID[source.homework_id]
    parts: list[str] = []
    starter = starter_path(homework.week)
    tests = sorted(starter.glob(f"tests/test_{homework.id}_*.py")) if starter.is_dir() else []
    if tests:
        parts += [
            "",
            "## The visible tests in your starter",
            "",
            "Quoted from `starter/"
            + week_id(homework.week)
            + "`; "
            + (
                "this is the file you fill in."
                if homework.kind == "tests"
                else "the hidden suite that grades you has these and more."
            ),
            "",
        ]
        for test in tests:
            relative = test.relative_to(starter).as_posix()
            source_text = test.read_text(encoding="utf-8")
            parts += [f'??? example "`{relative}`"', ""]
            block = _fenced(source_text, "python", f' title="{relative}"')
            parts += ["    " + line if line else "" for line in block.splitlines()]
            parts.append("")
    release = plan.releases[homework.id]
    if plan.released_solution(homework):
        link = _link(f"solutions/{homework.id}.md", here)
        parts += ["", f'!!! success "The reference solution is [published]({link})."', ""]
    elif homework.kind in ("contract", "tests") and release is not None:
        parts += [
            "",
            f'!!! info "The reference solution is published on {long_date(release.date())}."',
            "",
        ]
    return "\n".join(parts)


_LINK = re.compile(r"(?<!\!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")


def _outside_fences(markdown: str, transform: Any) -> str:
    """Apply `transform` to the Markdown outside fenced code blocks."""
    out: list[str] = []
    chunk: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        found = _FENCE.match(line)
        if fence is None and found:
            out.append(transform("".join(chunk)))
            chunk = []
            fence = found.group(2)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if found and found.group(2).startswith(fence[0] * len(fence)):
                fence = None
        else:
            chunk.append(line)
    out.append(transform("".join(chunk)))
    return "".join(out)


def is_private_path(path: Path) -> bool:
    """Repository files that must never be linked, quoted or published by the site."""
    relative = path.resolve().relative_to(REPO_ROOT.resolve()).as_posix()
    return relative.startswith(("solutions/", "autograder/", "worksheets/source/")) or relative in (
        "solutions",
        "autograder",
    )


def rewrite_links(
    markdown: str,
    source_path: Path,
    here: str,
    site_files: Mapping[Path, str],
    worksheets: list[Worksheet],
    repo_url: str | None,
) -> str:
    """Make a pulled page's relative links work in the site.

    A link to another published file goes to its page; a link into worksheets/ goes to the
    published student version of that notebook; a link to another file of the repository goes
    to the repository (`repo_url`), or becomes plain text when there is none; a link to private
    material (solutions, hidden tests, worksheet sources) is reduced to its text.
    """
    by_name = {PurePosixPath(w.src_uri).name: w.page_uri for w in worksheets}

    def fix(found: re.Match[str]) -> str:
        target = found["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return found.group(0)
        path_part, hash_mark, anchor = target.partition("#")
        resolved = (source_path.parent / path_part).resolve()
        suffix = f"{hash_mark}{anchor}"
        if resolved in site_files:
            return f"[{found['text']}]({_link(site_files[resolved], here)}{suffix})"
        if not resolved.is_relative_to(REPO_ROOT):
            return found.group(0)
        relative = resolved.relative_to(REPO_ROOT).as_posix()
        if relative.startswith("worksheets/") and resolved.name in by_name:
            return f"[{found['text']}]({_link(by_name[resolved.name], here)})"
        if not resolved.exists():
            return found.group(0)  # mkdocs reports the broken link
        if is_private_path(resolved):
            return found["text"]
        if repo_url:
            kind = "tree" if resolved.is_dir() else "blob"
            return f"[{found['text']}]({repo_url.rstrip('/')}/{kind}/main/{relative}{suffix})"
        return f"{found['text']} (`{relative}`)"

    return _outside_fences(markdown, lambda text: _LINK.sub(fix, text))


# --- the leak check -------------------------------------------------------------------------
#
# A private file is read as its sequence of non-empty lines, whitespace collapsed. A line is
# "distinctive" when no public file has it (the starters, and for hidden tests and mutants the
# reference app they are built from). Every run of SHINGLE_LINES consecutive lines that holds
# a distinctive line is a fingerprint; a built page that contains one shows private material.
# Runs rather than single lines, because one line of SQL or a test is often generic, while
# three lines in a row are what copying looks like. A mutant's changed line is caught with
# the reference lines around it.


@dataclass(frozen=True)
class Secret:
    origin: str  # e.g. autograder/assignments/hw03/hidden/test_x.py
    kind: str  # "hidden test", "mutant", "worksheet solution", "unreleased solution of hw03"
    fingerprints: frozenset[str]


@dataclass(frozen=True)
class Leak:
    page: str  # the file in the built site
    origin: str
    kind: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.page}: {self.kind} from {self.origin}, e.g. {self.found[0][:120]!r}"


def _normal(text: str) -> str:
    return " ".join(text.split())


def fingerprints(lines: Iterable[str], secret: Iterable[bool]) -> frozenset[str]:
    """The runs of SHINGLE_LINES consecutive lines that hold at least one secret line."""
    pairs = [(_normal(line), flag) for line, flag in zip(lines, secret, strict=True)]
    pairs = [(line, flag) for line, flag in pairs if line]
    if len(pairs) < SHINGLE_LINES:
        whole = " ".join(line for line, _ in pairs)
        private = any(flag for _, flag in pairs)
        return (
            frozenset([whole]) if private and len(whole) >= MIN_FINGERPRINT_CHARS else frozenset()
        )
    found = set()
    for start in range(len(pairs) - SHINGLE_LINES + 1):
        window = pairs[start : start + SHINGLE_LINES]
        text = " ".join(line for line, _ in window)
        if any(flag for _, flag in window) and len(text) >= MIN_FINGERPRINT_CHARS:
            found.add(text)
    return frozenset(found)


def _is_secret_line(line: str, public: frozenset[str] | set[str]) -> bool:
    normal = _normal(line)
    return (
        len(normal) >= MIN_SECRET_CHARS and normal not in public and bool(re.search(r"\w", normal))
    )


def _file_lines(path: Path) -> tuple[list[str], list[bool] | None]:
    """A private file's lines, and which of them are its own (None: decide by public text).

    For a patch, the file after the patch: context lines are the reference's, added lines
    are the mutant's own.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return [], None
    if path.suffix not in (".diff", ".patch"):
        return text.splitlines(), None
    lines, own = [], []
    for line in text.splitlines():
        if line.startswith(("+++", "---", "@@", "diff ", "index ")):
            continue
        if line.startswith("+"):
            lines.append(line[1:])
            own.append(True)
        elif line.startswith(" "):
            lines.append(line[1:])
            own.append(False)
    return lines, own


@cache
def _public_lines(roots: tuple[Path, ...]) -> frozenset[str]:
    found: set[str] = set()
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                try:
                    found.update(_normal(line) for line in path.read_text("utf-8").splitlines())
                except (UnicodeDecodeError, OSError):
                    continue
    return frozenset(found)


_NBGRADER_REGIONS = (
    ("BEGIN SOLUTION", "END SOLUTION", "worksheet solution"),
    ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden test"),
    ("BEGIN MARK SCHEME", "END MARK SCHEME", "worksheet solution"),
)


def notebook_regions(path: Path) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(the private regions, the student-visible lines) of an nbgrader source notebook.

    A region is what nbgrader removes from the student version: the text between `### BEGIN
    SOLUTION` and `### END SOLUTION` (or a mark scheme), the hidden tests between `### BEGIN
    HIDDEN TESTS` and `### END HIDDEN TESTS`, and the whole of a solution cell without markers.
    Each comes as ("worksheet solution" or "hidden test", its lines).
    """
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError) as error:
        raise CourseError(f"{path}: not a notebook ({error})") from None
    regions: list[tuple[str, list[str]]] = []
    visible: list[str] = []
    for cell in cells:
        source = cell.get("source", "")
        lines = ("".join(source) if isinstance(source, list) else str(source)).splitlines()
        grading = cell.get("metadata", {}).get("nbgrader", {})
        has_markers = any(begin in line for line in lines for begin, _, _ in _NBGRADER_REGIONS)
        if grading.get("solution") and not has_markers:
            regions.append(("worksheet solution", lines))
            continue
        closing: str | None = None
        for line in lines:
            if closing is None:
                opened = next((r for r in _NBGRADER_REGIONS if r[0] in line), None)
                if opened is None:
                    visible.append(line)
                else:
                    closing = opened[1]
                    regions.append((opened[2], []))
            elif closing in line:
                closing = None
            else:
                regions[-1][1].append(line)
    return regions, visible


def worksheet_release(assignment: str, releases: Mapping[str, datetime | None]) -> datetime | None:
    """A worksheet's solutions are released with its homework's: `hw02-sql` with HW2's, an
    in-class worksheet `w02-...` with the solution of its week's homework."""
    if found := re.match(r"(hw\d\d)\b", assignment):
        return releases.get(found.group(1))
    week = worksheet_week(assignment)
    homework = homework_of_week(week) if week else None
    return releases.get(homework.id) if homework else None


def mutant_secrets(path: Path, shown: str) -> list[Secret]:
    """Fingerprints of the mutants a TOML file describes as `find`/`replace` edits of a file
    of the homework's week reference: the edited lines together with the lines around them.

    The folder above the file names the homework (autograder/assignments/hw01/mutants.toml).
    """
    try:
        mutants = tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{path}: cannot read the mutants ({error})") from None
    homework = HOMEWORK_BY_ID.get(path.parent.name)
    secrets = []
    for mutant in mutants:
        name = str(mutant.get("name", "?"))
        find, replace = mutant.get("find"), mutant.get("replace")
        if homework is None or not isinstance(find, str) or not isinstance(replace, str):
            continue
        original = _rendered(homework.week, "reference").get(str(mutant.get("file")))
        if original is None:
            continue
        text = original.decode("utf-8", "replace")
        if find not in text:
            continue
        before = [_normal(line) for line in text.splitlines()]
        after = [_normal(line) for line in text.replace(find, replace, 1).splitlines()]
        before, after = [x for x in before if x], [x for x in after if x]
        flags = [False] * len(after)
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                flags[j1:j2] = [True] * (j2 - j1)
            elif tag == "delete":
                # A deleted line leaves a seam: the two lines that now meet are the mutant's.
                for j in (j1 - 1, j1):
                    if 0 <= j < len(after):
                        flags[j] = True
        reference_windows = {" ".join(before[i : i + SHINGLE_LINES]) for i in range(len(before))}
        found = frozenset(
            f for f in fingerprints(after, flags) if not any(f in w for w in reference_windows)
        )
        if found:
            secrets.append(Secret(f"{shown} [{name}]", "mutant", found))
    return secrets


def collect_secrets(
    moment: datetime,
    releases: Mapping[str, datetime | None] | None = None,
    *,
    autograder_dir: Path = AUTOGRADER_DIR,
    worksheet_source_dir: Path = WORKSHEET_SOURCE_DIR,
    public_roots: tuple[Path, ...] = (REPO_ROOT / "starter", SOLUTIONS_DIR),
    homework: Iterable[Homework] = HOMEWORK,
) -> list[Secret]:
    """The fingerprints of everything the site built at `moment` must not show.

    - hidden tests and mutants: files under autograder/ whose path says `hidden` or `mutant`;
    - worksheets: the hidden tests nbgrader strips from worksheets/source/ notebooks, and
      their solutions until the release date of their homework's solution;
    - reference solutions not released at `moment`: the lines each homework's reference adds
      to that week's starter.
    """
    releases = releases if releases is not None else solution_releases(load_calendar())
    secrets: list[Secret] = []
    if autograder_dir.is_dir():
        public = _public_lines(public_roots)
        for path in sorted(autograder_dir.rglob("*")):
            relative = path.relative_to(autograder_dir.parent).as_posix()
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            words = relative.lower()
            if not any(word in words for word in PRIVATE_PATH_WORDS):
                continue
            kind = "mutant" if "mutant" in words else "hidden test"
            if path.suffix == ".toml" and kind == "mutant":
                secrets += mutant_secrets(path, relative)
                continue
            lines, own = _file_lines(path)
            flags = own or [_is_secret_line(line, public) for line in lines]
            if found := fingerprints(lines, flags):
                secrets.append(Secret(relative, kind, found))
    if worksheet_source_dir.is_dir():
        starters = _public_lines((REPO_ROOT / "starter",))
        for path in sorted(worksheet_source_dir.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            relative = path.relative_to(worksheet_source_dir.parent.parent).as_posix()
            assignment = path.relative_to(worksheet_source_dir).parts[0]
            release = worksheet_release(assignment, releases)
            regions, visible = notebook_regions(path)
            public = starters | {_normal(line) for line in visible}
            for kind, region_lines in regions:
                if kind == "worksheet solution" and is_released(release, moment):
                    continue
                found = fingerprints(
                    region_lines, [_is_secret_line(line, public) for line in region_lines]
                )
                if found:
                    secrets.append(Secret(relative, kind, found))
    for item in homework:
        release = releases.get(item.id)
        if item.week not in STARTER_WEEKS or is_released(release, moment):
            continue
        starter_lines = {
            _normal(line)
            for content in _rendered(item.week, "starter").values()
            for line in content.decode("utf-8", "replace").splitlines()
        }
        when = f"released {release:%Y-%m-%d}" if release else "never released"
        for path, (text, changed) in homework_changes(item).items():
            lines = text.splitlines()
            flags = [
                number in changed and _is_secret_line(line, starter_lines)
                for number, line in enumerate(lines, start=1)
            ]
            if found := fingerprints(lines, flags):
                secrets.append(
                    Secret(
                        f"{path} in the {week_id(item.week)} reference",
                        f"unreleased solution of {item.id} ({when})",
                        found,
                    )
                )
    return secrets


_TAG = re.compile(r"<[^>]+>")
_SKIPPED_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".gz", ".zip",
    ".map", ".css", ".js",
}  # fmt: skip


def site_text(path: Path) -> str:
    """A built file as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".json", ".ipynb"):
        strings: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                # A notebook cell's source is a list of lines: keep them one text.
                if value and all(isinstance(item, str) for item in value):
                    strings.append("".join(value))
                else:
                    for item in value:
                        walk(item)

        try:
            walk(json.loads(raw))
            raw = "\n".join(strings)
        except ValueError:
            pass
    if path.suffix in (".html", ".htm", ".xml", ".json", ".ipynb"):
        # Tags go without a trace: highlighted code is one <span> per token.
        raw = html.unescape(_TAG.sub("", raw))
    return _normal(raw)


def find_leaks(site_dir: Path, secrets: list[Secret]) -> list[Leak]:
    """Every built file that contains a fingerprint of a secret."""
    leaks = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _SKIPPED_SUFFIXES:
            continue
        text = site_text(path)
        for secret in secrets:
            if found := sorted(f for f in secret.fingerprints if f in text):
                leaks.append(
                    Leak(
                        path.relative_to(site_dir).as_posix(),
                        secret.origin,
                        secret.kind,
                        tuple(found),
                    )
                )
    return leaks


def build_site(site_dir: Path | None = None, date_text: str | None = None) -> int:
    """`mkdocs build --strict` (which runs the leak check), as of `date_text` if given.

    Returns mkdocs' exit status; its output goes to the terminal.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if date_text:
        site_moment(load_calendar(), {SITE_DATE_VARIABLE: date_text})  # fail early on a typo
        environment[SITE_DATE_VARIABLE] = date_text
    return subprocess.run(command, cwd=REPO_ROOT, env=environment, check=False).returncode


def check_leaks(site_dir: Path, moment: datetime | None = None) -> list[Leak]:
    """The leak check of a built site, as of `moment` (default: now or COURSE_SITE_DATE)."""
    calendar = load_calendar()
    moment = moment or site_moment(calendar)
    return find_leaks(site_dir, collect_secrets(moment, solution_releases(calendar)))
