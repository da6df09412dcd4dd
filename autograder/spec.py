"""Assignment specs: `autograder/assignments/<id>/assignment.toml`.

```toml
id = "hw03"
title = "CRUD for courses"
week = 4                 # which week's app the submission is
kind = "contract"        # contract | tests | setup
points = 100

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
```

Per-test facts live beside the tests as pytest markers:
`@pytest.mark.points(3)` (weight, default 1), `@pytest.mark.visibility("hidden")`
(`visible` | `hidden` | `after_due_date`), `@pytest.mark.given` (passes on the untouched
starter by design, e.g. a regression check of what already worked).
"""

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox import Limits
from courseware.errors import CourseError
from courseware.term import HOMEWORK_BY_ID

# COURSE_ASSIGNMENTS_DIR lets an instructor try a draft assignment kept outside the repository.
ASSIGNMENTS_DIR = Path(
    os.environ.get("COURSE_ASSIGNMENTS_DIR", Path(__file__).resolve().parent / "assignments")
)
KINDS = ("contract", "tests", "setup")


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
class Assignment:
    id: str
    title: str
    week: int
    kind: str
    points: float
    folder: Path
    limits: AssignmentLimits = field(default_factory=AssignmentLimits)

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
    limits_data = data.get("limits", {})
    unknown = set(limits_data) - set(AssignmentLimits.__dataclass_fields__)
    if unknown:
        raise CourseError(f"{where}: unknown limits {sorted(unknown)}")
    try:
        limits = AssignmentLimits(**limits_data)
    except TypeError as error:
        raise CourseError(f"{where}: bad [limits] ({error})") from None
    return Assignment(
        id=assignment_id,
        title=data["title"],
        week=data["week"],
        kind=data["kind"],
        points=float(data["points"]),
        folder=folder,
        limits=limits,
    )


def assignment_ids(root: Path = ASSIGNMENTS_DIR) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/assignment.toml"))
