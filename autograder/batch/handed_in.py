"""When each student of a batch handed in: `handed-in.csv` beside the class's gradebook.

A folder of a class batch does not say when it was handed in (a commit's date is the
student's to set), so the staff say it: `course grade-class ... --handed-in FILE` with the
columns `student,submitted_at` (ISO 8601, e.g. exported from the pull requests' push times),
and/or `--submitted-at TIME` for everyone the file does not name. The file is kept as
`OUT/handed-in.csv`, so a rerun that does not repeat the option keeps the late days. Each
student's late days are counted against their own deadline (`courseware.deadlines`): the
gradebook shows them, and the score that counts.
"""

import csv
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from autograder.results.lateness import apply_deadline, parse_moment
from autograder.results.model import GradeResult
from courseware.errors import CourseError

HANDED_IN_FILE = "handed-in.csv"


def read_handed_in(path: Path) -> dict[str, datetime]:
    """{student: moment}; an unreadable line is an error naming the file and the line."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"student", "submitted_at"} <= set(reader.fieldnames):
                raise CourseError(f"{path}: the first line must be `student,submitted_at`")
            moments: dict[str, datetime] = {}
            for number, row in enumerate(reader, start=2):
                student = (row.get("student") or "").strip()
                if not student:
                    continue
                try:
                    moments[student] = parse_moment(row.get("submitted_at") or "")
                except CourseError as error:
                    raise CourseError(f"{path}:{number}: {error}") from None
            return moments
    except (OSError, UnicodeDecodeError) as error:
        raise CourseError(f"{path}: cannot read it ({error})") from None


@dataclass(frozen=True)
class HandedIn:
    named: dict[str, datetime]
    everyone_else: datetime | None = None

    def of(self, student: str) -> datetime | None:
        return self.named.get(student, self.everyone_else)


def handed_in_times(
    out: Path, given_file: Path | None, everyone_else: datetime | None
) -> HandedIn | None:
    """The hand-in time of each student, or None when the batch has none (then no late days
    are counted). A given file replaces the kept one; `everyone_else` fills in the rest."""
    kept = out / HANDED_IN_FILE
    if given_file is not None:
        named = read_handed_in(given_file)  # read first: a bad file replaces nothing
        out.mkdir(parents=True, exist_ok=True)
        if given_file.resolve() != kept.resolve():
            shutil.copyfile(given_file, kept)
    elif kept.exists():
        named = read_handed_in(kept)
    elif everyone_else is None:
        return None
    else:
        named = {}
    return HandedIn(named, everyone_else)


def with_deadlines(results: list[GradeResult], handed_in: HandedIn | None) -> list[GradeResult]:
    """Each result measured against its student's deadline, where a hand-in time is known."""
    if handed_in is None:
        return results
    for result in results:
        moment = handed_in.of(result.submission)
        if moment is not None:
            apply_deadline(result, result.submission, moment)
    return results
