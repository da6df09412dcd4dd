"""Assignment specs: `autograder/assignments/<id>/assignment.toml`.

```toml
id = "hw03"
title = "CRUD for courses"
week = 4                 # which week's app the submission is
kind = "contract"        # contract | tests | setup
points = 100
app = "coursehub.main:app"  # optional (this is the default): what uvicorn serves; its package
                         # is the week's app under solutions/ (the capstone's: conduit.main:app)
database = "sqlite"      # optional: "postgresql" grades the app on a PostgreSQL database of
                         # its own (autograder/live/postgres.py), SQLite if no server answers
upgrades_from_week = 11  # optional: the student's migrations must upgrade a database of that
                         # week full of data, and undo and redo (grading/migration_check.py)
# With it, the contract lines its rows check (for `course contracts`):
migration_contract = { block = "Migration: notes.pinned", lines = ["behavior 2", "behavior 4"] }
# Optional (HW12): the container files are read and scored, one row per behavior line of this
# contract block, each claiming its line (grading/container_check.py)
container_contract = "### Containers: Dockerfile and compose.yaml"

[limits]                 # optional; these are the defaults
startup_seconds = 30     # until the app answers /health
test_seconds = 10        # each test (wall time: a hang uses no processor); a hang costs
                         # only that test, a starved one is run again alone
total_seconds = 600      # processor time of the grader for the whole submission (waiting
                         # may take twice as long before the run is stopped)
cpu_seconds = 120
memory_mb = 1024
processes = 64
file_size_mb = 64
output_kb = 256
work_mb = 256            # all the app may write (a tmpfs, where the grader runs as root)

[[rubric]]               # optional, repeatable (setup and tests kinds): a part a TA grades
name = "reflection"      # its id in the class's manual.csv
title = "your reflection on what the mutants taught you"
file = "reviews/REFLECTION.md"   # what the student commits, from the repository's root
points = 10              # part of `points`: the grader shares out only the rest
checks = [               # what the TA checks, adding up to the item's points
    { criterion = "A mutant explained", points = 6, check = "names one row, its sentence, ..." },
    { criterion = "What you would test next", points = 4, check = "two behaviors, ..." },
]
```

Per-test facts live beside the tests as pytest markers:
`@pytest.mark.points(3)` (weight, default 1), `@pytest.mark.visibility("hidden")`
(`visible` | `hidden` | `after_due_date`), `@pytest.mark.given` (passes on the untouched
starter by design, e.g. a regression check of what already worked).

A rubric item is one row of the result, `<file>: <title> (graded by your TA)`, pending at 0
points until a TA's points reach the gradebook through the class's `manual.csv`
(`autograder.batch.manual`); the homework page shows the same table of checks to students.
"""

import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from autograder.live import forkserver
from autograder.sandbox import Limits
from courseware.errors import CourseError
from courseware.term import HOMEWORK_BY_ID, app_of_week

# COURSE_ASSIGNMENTS_DIR lets an instructor try a draft assignment kept outside the repository.
ASSIGNMENTS_DIR = Path(
    os.environ.get("COURSE_ASSIGNMENTS_DIR", Path(__file__).resolve().parent / "assignments")
)
KINDS = ("contract", "tests", "setup")
DATABASES = ("sqlite", "postgresql")
# The kinds whose grader adds a pending row per rubric item (a contract grade shares all of
# `points` among its tests).
RUBRIC_KINDS = ("tests", "setup")
RUBRIC_NAME = re.compile(r"[a-z][a-z0-9-]*")
# uvicorn's "package.module:attribute": dotted Python names only, nothing a shell would read.
APP_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*:[A-Za-z_]\w*")
DEFAULT_APP = forkserver.APP


@dataclass(frozen=True)
class AssignmentLimits(Limits):
    """The sandbox's limits plus the grader's clocks."""

    startup_seconds: float = 30
    test_seconds: float = 10
    total_seconds: float = 600
    cpu_seconds: int = 120  # a whole suite's worth of requests
    work_mb: int = 256  # the size of the folder the app writes in

    def sandbox(self) -> Limits:
        return Limits(**{name: getattr(self, name) for name in Limits.__dataclass_fields__})


@dataclass(frozen=True)
class Check:
    """One criterion of a rubric item: what earns its points, as the TA reads it."""

    criterion: str
    points: float
    check: str


@dataclass(frozen=True)
class RubricItem:
    """A part of the homework a person grades: one file the student commits."""

    name: str
    title: str
    file: str
    points: float
    checks: tuple[Check, ...]

    @property
    def row_name(self) -> str:
        """The name of its row in every result, and of its column in the gradebook."""
        return f"{self.file}: {self.title} (graded by your TA)"


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    week: int
    kind: str
    points: float
    folder: Path
    limits: AssignmentLimits = field(default_factory=AssignmentLimits)
    rubric: tuple[RubricItem, ...] = ()
    database: str = "sqlite"  # what the app is graded on: one of DATABASES
    upgrades_from_week: int | None = None  # the week whose database the migrations upgrade
    # The contract block and lines the migration check claims: (block, (line, ...)).
    migration_contract: tuple[str, tuple[str, ...]] | None = None
    # The contract block whose behavior lines the container check's rows claim, or None.
    container_contract: str | None = None
    app: str = DEFAULT_APP  # what uvicorn serves of the submission: "package.module:attribute"

    @property
    def package(self) -> str:
        """The app's top-level package, a folder of every submission (`coursehub`)."""
        return self.app.split(".")[0].split(":")[0]

    @property
    def automatic_points(self) -> float:
        """What the grader shares among its own checks: the points no TA grades."""
        return self.points - sum(item.points for item in self.rubric)

    @property
    def page_name(self) -> str:
        """How students call the homework: "HW1" for hw01."""
        found = re.fullmatch(r"hw(\d+)", self.id)
        return f"HW{int(found.group(1))}" if found else self.id

    @property
    def hidden_dir(self) -> Path:
        return self.folder / "hidden"

    @property
    def mutants_dir(self) -> Path:
        return self.folder / "mutants"


def load_assignment(assignment_id: str, root: Path = ASSIGNMENTS_DIR) -> Assignment:
    folder = root / assignment_id
    spec_file = folder / "assignment.toml"
    if not spec_file.is_file():
        known = ", ".join(assignment_ids(root)) or "none"
        raise CourseError(f"unknown assignment {assignment_id!r} (known: {known})")
    try:
        data = tomllib.loads(spec_file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{spec_file}: not valid TOML ({error})") from None
    where = str(spec_file)
    for key, kind in (("id", str), ("title", str), ("week", int), ("kind", str)):
        if not isinstance(data.get(key), kind):
            raise CourseError(f"{where}: `{key}` is missing or not a {kind.__name__}")
    if data["id"] != assignment_id:
        raise CourseError(f"{where}: id {data['id']!r} does not match its folder")
    if data["kind"] not in KINDS:
        raise CourseError(f"{where}: kind must be one of {', '.join(KINDS)}")
    if not isinstance(data.get("points"), int | float) or data["points"] <= 0:
        raise CourseError(f"{where}: `points` must be a positive number")
    homework = HOMEWORK_BY_ID.get(assignment_id)
    if homework and homework.week != data["week"]:
        raise CourseError(f"{where}: {assignment_id} is week {homework.week}'s homework")
    database = data.get("database", "sqlite")
    if database not in DATABASES:
        raise CourseError(f"{where}: database must be one of {', '.join(DATABASES)}")
    if database != "sqlite" and data["kind"] != "contract":
        raise CourseError(f"{where}: only a contract assignment is graded on {database}")
    upgrades_from = data.get("upgrades_from_week")
    if upgrades_from is not None and (
        not isinstance(upgrades_from, int) or not 1 <= upgrades_from < data["week"]
    ):
        raise CourseError(f"{where}: upgrades_from_week must be a week before week {data['week']}")
    migration_contract = load_migration_contract(data.get("migration_contract"), where)
    if migration_contract and upgrades_from is None:
        raise CourseError(f"{where}: migration_contract needs upgrades_from_week")
    container_contract = load_container_contract(data.get("container_contract"), where)
    if container_contract and data["kind"] != "contract":
        raise CourseError(f"{where}: container_contract belongs to a contract assignment")
    app = load_app(data.get("app", DEFAULT_APP), data["week"], where)
    limits_data = data.get("limits", {})
    unknown = set(limits_data) - set(AssignmentLimits.__dataclass_fields__)
    if unknown:
        raise CourseError(f"{where}: unknown limits {sorted(unknown)}")
    try:
        limits = AssignmentLimits(**limits_data)
    except TypeError as error:
        raise CourseError(f"{where}: bad [limits] ({error})") from None
    rubric = load_rubric(data.get("rubric", []), data["kind"], float(data["points"]), where)
    return Assignment(
        id=assignment_id,
        title=data["title"],
        week=data["week"],
        kind=data["kind"],
        points=float(data["points"]),
        folder=folder,
        limits=limits,
        rubric=rubric,
        database=database,
        upgrades_from_week=upgrades_from,
        migration_contract=migration_contract,
        container_contract=container_contract,
        app=app,
    )


def load_app(entry: object, week: int, where: str) -> str:
    """`app = "conduit.main:app"`: an import path uvicorn can serve, of the week's own app
    (the reference, the starter and the sample data all come from that app's folder)."""
    if not isinstance(entry, str) or not APP_PATH.fullmatch(entry):
        raise CourseError(f'{where}: write app = "package.module:attribute", e.g. "{DEFAULT_APP}"')
    package = entry.split(".")[0].split(":")[0]
    if package != app_of_week(week):
        raise CourseError(
            f"{where}: week {week}'s app is {app_of_week(week)}: write app = "
            f'"{app_of_week(week)}.main:app", not {entry!r}'
        )
    return entry


def load_migration_contract(entry: object, where: str) -> tuple[str, tuple[str, ...]] | None:
    if entry is None:
        return None
    if (
        not isinstance(entry, dict)
        or set(entry) != {"block", "lines"}
        or not isinstance(entry["block"], str)
        or not isinstance(entry["lines"], list)
        or not all(isinstance(line, str) for line in entry["lines"])
    ):
        raise CourseError(
            f'{where}: write migration_contract = {{ block = "...", lines = ["behavior 1"] }}'
        )
    return entry["block"], tuple(entry["lines"])


def load_container_contract(entry: object, where: str) -> str | None:
    """The block's name as `course contracts` knows it: the heading without its `### `."""
    if entry is None:
        return None
    if not isinstance(entry, str) or not entry.startswith("### ") or not entry[4:].strip():
        raise CourseError(
            f'{where}: write container_contract = "### Containers: Dockerfile and compose.yaml" '
            "(the heading of the page's container block)"
        )
    return entry[4:].strip()


def load_rubric(entries: object, kind: str, points: float, where: str) -> tuple[RubricItem, ...]:
    """The `[[rubric]]` items of a spec, each checked so that a TA's points always fit."""
    if not entries:
        return ()
    if kind not in RUBRIC_KINDS:
        raise CourseError(f"{where}: a `{kind}` assignment has no rubric (only {RUBRIC_KINDS})")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CourseError(f"{where}: write each rubric item as a `[[rubric]]` table")
    items = tuple(
        rubric_item(entry, f"{where}: rubric item {number}")
        for number, entry in enumerate(entries, start=1)
    )
    names = [item.name for item in items]
    if len(set(names)) != len(names):
        raise CourseError(f"{where}: two rubric items share a name ({', '.join(names)})")
    if sum(item.points for item in items) >= points:
        raise CourseError(f"{where}: the rubric's points must leave some of `points` to grade")
    return items


def rubric_item(entry: dict, where: str) -> RubricItem:
    expected = {"name", "title", "file", "points", "checks"}
    if set(entry) != expected:
        raise CourseError(f"{where}: give exactly {', '.join(sorted(expected))}")
    name, title, file, points = entry["name"], entry["title"], entry["file"], entry["points"]
    if not isinstance(name, str) or not RUBRIC_NAME.fullmatch(name):
        raise CourseError(f"{where}: `name` is lowercase words with hyphens, e.g. peer-review")
    if not isinstance(title, str) or not title.strip():
        raise CourseError(f"{where}: `title` says what the row is, e.g. your reflection")
    parts = file.split("/") if isinstance(file, str) else [""]
    if any(part in ("", ".", "..") for part in parts):
        raise CourseError(f"{where}: `file` is a path inside the repository, e.g. TEAM.md")
    if not isinstance(points, int | float) or points <= 0:
        raise CourseError(f"{where}: `points` must be a positive number")
    checks = entry["checks"]
    if not isinstance(checks, list) or not checks:
        raise CourseError(f"{where}: `checks` lists what the TA checks, with points each")
    parsed = []
    for check in checks:
        if (
            not isinstance(check, dict)
            or set(check) != {"criterion", "points", "check"}
            or not isinstance(check["criterion"], str)
            or not isinstance(check["check"], str)
            or not isinstance(check["points"], int | float)
            or check["points"] <= 0
        ):
            raise CourseError(f"{where}: each check is {{ criterion, points, check }}")
        parsed.append(Check(check["criterion"], float(check["points"]), check["check"]))
    if abs(sum(check.points for check in parsed) - points) > 1e-9:
        raise CourseError(f"{where}: the points of `checks` must add up to {points:g}")
    return RubricItem(name, title, file, float(points), tuple(parsed))


def rubric_toml(rubric: tuple[RubricItem, ...]) -> str:
    """The rubric as `[[rubric]]` tables again: a copy of a spec (the Gradescope bundle's)
    must keep it, or its grader would share the TA's points among the automatic checks."""
    lines: list[str] = []
    for item in rubric:
        lines += ["", "[[rubric]]"]
        lines += [f"{key} = {json.dumps(getattr(item, key))}" for key in ("name", "title", "file")]
        lines += [f"points = {item.points:g}", "checks = ["]
        lines += [
            f"    {{ criterion = {json.dumps(c.criterion)}, points = {c.points:g}, "
            f"check = {json.dumps(c.check)} }},"
            for c in item.checks
        ]
        lines.append("]")
    return "\n".join(lines) + "\n" if lines else ""


def assignment_ids(root: Path = ASSIGNMENTS_DIR) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/assignment.toml"))
