"""The grades of record of the classroom deployment.

In GitHub Classroom each student administers their own repository, so they can edit the
grader's comment on their pull request or post a `coursehub/…` commit status themselves. The
grade therefore lives where they cannot write: one JSON file per pull request in the staff's
grading repository (`records/<owner>--<repository>--<number>.json`), committed by the grading
workflow. Whether a head is graded is read from there, never from a comment, and the commit
status on a student's repository is only a view of the record: a run that finds it changed
puts it back.
"""

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.github.client import GitHub
from autograder.github.report import STATUS_PREFIX, commit_status
from autograder.github.work import Plan, entries
from autograder.results.model import GradeResult
from courseware.files import write_json


@dataclass(frozen=True)
class Record:
    assignment: str
    repository: str
    pull_request: int
    head_sha: str
    score: float | None  # None: not graded (the record says why in `description`)
    max_score: float | None
    state: str  # the commit status it shows: success, failure or error
    description: str

    @property
    def key(self) -> str:
        return Plan(self.assignment, self.repository, self.pull_request, self.head_sha, "").key


def load_records(folder: Path) -> dict[str, Record]:
    """Every record in `folder`, by the key of its pull request."""
    records = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        record = Record(**json.loads(path.read_text(encoding="utf-8")))
        records[record.key] = record
    return records


def record_work(work: Path, folder: Path) -> list[Record]:
    """Record every graded (or refused) head of a work folder; a head the grader failed on is
    left out, so the next run grades it again."""
    written = []
    for plan_folder, plan in entries(work):
        result_file = plan_folder / "result.json"
        result = None
        if result_file.exists():
            result = GradeResult.from_dict(json.loads(result_file.read_text(encoding="utf-8")))
        if result is None and not plan.problem:
            continue
        state, description = commit_status(result, plan)
        record = Record(
            assignment=plan.assignment,
            repository=plan.repository,
            pull_request=plan.pull_request,
            head_sha=plan.head_sha,
            score=result.score if result else None,
            max_score=result.max_score if result else None,
            state=state,
            description=description,
        )
        write_json(folder / f"{plan.key}.json", asdict(record))
        written.append(record)
    return written


def restore_status(api: GitHub, record: Record, grader_login: str) -> bool:
    """Put the recorded commit status back if the newest one of its context says otherwise
    (or was not written by the grader). Whether it had to."""
    context = f"{STATUS_PREFIX}/{record.assignment}"
    statuses = api.get(f"/repos/{record.repository}/commits/{record.head_sha}/statuses")
    newest = next((s for s in statuses if s.get("context") == context), None)
    shown = newest and (newest.get("creator") or {}).get("login") == grader_login
    if shown and (newest["state"], newest.get("description")) == (
        record.state,
        record.description,
    ):
        return False
    api.post(
        f"/repos/{record.repository}/statuses/{record.head_sha}",
        {"state": record.state, "context": context, "description": record.description},
    )
    return True
