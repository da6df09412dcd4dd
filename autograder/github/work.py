"""The work folder the three steps hand on: `WORK/<key>/plan.json`, the submission beside it,
then `result.json` (or `error.json`) once graded."""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from courseware.files import write_json


@dataclass
class Plan:
    """One pull-request head to grade (or to answer without grading, when `problem` says why)."""

    assignment: str
    repository: str  # owner/name holding the pull request
    pull_request: int
    head_sha: str
    author: str  # the login whose comments and statuses are the grades
    grade: bool = True
    problem: str = ""  # shown to the student instead of a score
    # Whose work it is (their deadline: courseware.deadlines), and when GitHub saw it handed
    # in (ISO 8601). Empty in plans saved before deadlines were kept: then no late days.
    student: str = ""
    submitted_at: str = ""

    @property
    def key(self) -> str:
        return f"{self.repository.replace('/', '--')}--{self.pull_request}"

    @property
    def label(self) -> str:
        return f"{self.assignment} {self.repository}#{self.pull_request} {self.head_sha[:7]}"


def save_plan(work: Path, plan: Plan) -> Path:
    folder = work / plan.key
    write_json(folder / "plan.json", asdict(plan))
    return folder


def entries(work: Path) -> list[tuple[Path, Plan]]:
    if not work.is_dir():
        return []
    found = []
    for plan_file in sorted(work.glob("*/plan.json")):
        found.append((plan_file.parent, Plan(**json.loads(plan_file.read_text(encoding="utf-8")))))
    return found


def set_output(name: str, value: str) -> None:
    """A step output for the workflow (`steps.<id>.outputs.<name>`)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{name}={value}\n")
