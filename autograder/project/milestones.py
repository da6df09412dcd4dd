"""The team project's milestones and their rubrics, from `lessons/project/milestones.toml`.

One source for the two places that show them: the site's "Team project" pages and the
gradebook (`autograder.project.gradebook`). An item a machine decides names its
`course check-project` row; an item a TA grades becomes a `RubricItem`, so that it reaches
the gradebook through `manual.csv` exactly as a homework's rubric does.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from autograder.project.check import CHECKS, ROWS
from autograder.spec import RUBRIC_NAME, RubricItem, rubric_item
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR

MILESTONES_FILE = LESSONS_DIR / "project" / "milestones.toml"
WEEKS = range(1, 16)


@dataclass(frozen=True)
class MachineItem:
    """A checklist line that a `course check-project` row decides, all or nothing."""

    name: str
    check_row: str  # one of CHECKS
    points: float
    criterion: str
    check: str

    @property
    def row_name(self) -> str:
        return f"{ROWS[self.check_row]} (checked by course check-project)"


@dataclass(frozen=True)
class Milestone:
    id: str
    title: str
    week: int  # due at the start of the week after (the last one on the term's last day)
    summary: str
    hand_in: tuple[str, ...]
    items: tuple[MachineItem | RubricItem, ...]  # in the order of the checklist

    @property
    def points(self) -> float:
        return sum(item.points for item in self.items)

    @property
    def machine(self) -> tuple[MachineItem, ...]:
        return tuple(item for item in self.items if isinstance(item, MachineItem))

    @property
    def rubric(self) -> tuple[RubricItem, ...]:
        """The items a TA grades, as the gradebook's `manual.csv` knows them."""
        return tuple(item for item in self.items if isinstance(item, RubricItem))


@cache
def load_milestones(path: Path = MILESTONES_FILE) -> tuple[Milestone, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{path}: cannot read the milestones ({error})") from None
    entries = data.get("milestone")
    if not isinstance(entries, list) or not entries:
        raise CourseError(f"{path}: write each milestone as a [[milestone]] table")
    milestones = tuple(
        milestone(entry, f"{path}: milestone {number}")
        for number, entry in enumerate(entries, start=1)
    )
    ids = [m.id for m in milestones]
    if len(set(ids)) != len(ids):
        raise CourseError(f"{path}: two milestones share an id ({', '.join(ids)})")
    weeks = [m.week for m in milestones]
    if weeks != sorted(weeks):
        raise CourseError(f"{path}: list the milestones in the order they are due")
    return milestones


def milestone_by_id(milestone_id: str, path: Path = MILESTONES_FILE) -> Milestone:
    milestones = load_milestones(path)
    for found in milestones:
        if found.id == milestone_id:
            return found
    known = ", ".join(m.id for m in milestones)
    raise CourseError(f"unknown milestone {milestone_id!r} (known: {known})")


def milestone(entry: object, where: str) -> Milestone:
    expected = {"id", "title", "week", "summary", "hand_in", "item"}
    if not isinstance(entry, dict) or set(entry) != expected:
        raise CourseError(f"{where}: give exactly {', '.join(sorted(expected))}")
    if not isinstance(entry["id"], str) or not RUBRIC_NAME.fullmatch(entry["id"]):
        raise CourseError(f"{where}: `id` is a short lowercase name, e.g. m1")
    where = f"{where} ({entry['id']})"
    for key in ("title", "summary"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise CourseError(f"{where}: `{key}` is missing")
    if not isinstance(entry["week"], int) or entry["week"] not in WEEKS:
        raise CourseError(f"{where}: `week` is a teaching week, 1 to 15")
    hand_in = entry["hand_in"]
    if not isinstance(hand_in, list) or not hand_in or not all(isinstance(h, str) for h in hand_in):
        raise CourseError(f"{where}: `hand_in` lists what the team hands in")
    if not isinstance(entry["item"], list) or not entry["item"]:
        raise CourseError(f"{where}: write its checklist as [[milestone.item]] tables")
    items = tuple(
        item(raw, f"{where}, item {number}") for number, raw in enumerate(entry["item"], start=1)
    )
    names = [i.name for i in items]
    if len(set(names)) != len(names):
        raise CourseError(f"{where}: two items share a name ({', '.join(names)})")
    return Milestone(
        entry["id"], entry["title"], entry["week"], entry["summary"].strip(), tuple(hand_in), items
    )


def item(entry: object, where: str) -> MachineItem | RubricItem:
    if not isinstance(entry, dict) or len({"machine", "file"} & set(entry)) != 1:
        raise CourseError(f"{where}: give either `machine` (a check's row) or `file` (for a TA)")
    if "file" in entry:
        # A TA's item is a homework's rubric item with one criterion: the same checks apply.
        text = {k: entry[k] for k in ("criterion", "check", "points") if k in entry}
        rest = {k: v for k, v in entry.items() if k not in ("criterion", "check")}
        return rubric_item({**rest, "title": entry.get("criterion", ""), "checks": [text]}, where)
    expected = {"name", "machine", "points", "criterion", "check"}
    if set(entry) != expected:
        raise CourseError(f"{where}: give exactly {', '.join(sorted(expected))}")
    if entry["machine"] not in CHECKS:
        raise CourseError(f"{where}: `machine` is one of {', '.join(CHECKS)}")
    if not isinstance(entry["name"], str) or not RUBRIC_NAME.fullmatch(entry["name"]):
        raise CourseError(f"{where}: `name` is lowercase words with hyphens, e.g. tests-pass")
    points = entry["points"]
    if not isinstance(points, int | float) or points <= 0:
        raise CourseError(f"{where}: `points` must be a positive number")
    for key in ("criterion", "check"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise CourseError(f"{where}: `{key}` is missing")
    return MachineItem(
        entry["name"], entry["machine"], float(points), entry["criterion"], entry["check"]
    )
