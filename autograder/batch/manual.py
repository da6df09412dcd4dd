"""The points a TA gives by hand: `manual.csv` beside a class's gradebook.

A homework's rubric (`[[rubric]]` in its spec) is graded by a person. The first batch of a
class writes `manual.csv` with one empty row per student and rubric item; the TA types
`points` (and a `comment` for the student) and reruns the batch, which puts those points in
the gradebook's rubric columns and totals. The sheet is the TA's: the batch only ever adds the
rows of students it did not have, at its end, and never rewrites a line. The graded results
(`results/<student>.json`) stay the grader's, so the gradebook can always be rebuilt from the
two.
"""

import csv
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from autograder.results.model import GradeResult, TestResult
from autograder.spec import Assignment, RubricItem
from courseware.errors import CourseError

MANUAL_FILE = "manual.csv"
COLUMNS = ("student", "item", "points", "comment")


@dataclass(frozen=True)
class Mark:
    """What a TA gave one student for one rubric item."""

    points: float
    comment: str


def prepare_sheet(path: Path, students: list[str], rubric: tuple[RubricItem, ...]) -> int:
    """Create the sheet with one empty row per student and item, or add the rows it lacks
    (a student who joined the class); returns how many rows were written."""
    have: set[tuple[str, str]] = set()
    if path.exists():
        have = {(row["student"], row["item"]) for _, row in sheet_rows(path)}
    missing = [(s, item.name) for s in students for item in rubric if (s, item.name) not in have]
    if not missing:
        return 0
    new = not path.exists()
    if not new and not path.read_bytes().endswith(b"\n"):
        # An editor that left the last line open would glue our first row onto it.
        with path.open("a", encoding="utf-8", newline="") as handle:
            handle.write("\r\n")
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(COLUMNS)
        writer.writerows([student, item, "", ""] for student, item in missing)
    return len(missing)


def sheet_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of the sheet with their line numbers, as a spreadsheet counts them."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or not set(COLUMNS) <= set(reader.fieldnames):
                raise CourseError(
                    f"{path}, line 1: the first line must name the columns "
                    f"{','.join(COLUMNS)} (save the sheet as CSV with commas)"
                )
            rows = []
            for row in reader:
                rows.append((reader.line_num, {k: (row[k] or "").strip() for k in COLUMNS}))
            return rows
    except UnicodeDecodeError:
        raise CourseError(f"{path}: not UTF-8 text; save the sheet as CSV UTF-8") from None
    except csv.Error as error:
        raise CourseError(f"{path}: not a CSV file a spreadsheet wrote ({error})") from None


def read_sheet(
    path: Path, students: list[str], rubric: tuple[RubricItem, ...]
) -> dict[tuple[str, str], Mark]:
    """The points typed so far, by (student, item); an empty `points` is not graded yet.

    A value the gradebook could not use is an error naming the file and line, and nothing is
    written: a typo never turns into a grade.
    """
    if not path.exists():
        return {}
    items = {item.name: item for item in rubric}
    known = set(students)
    marks: dict[tuple[str, str], Mark] = {}
    for line, row in sheet_rows(path):
        student, name, text = row["student"], row["item"], row["points"]
        if not text:
            continue  # not graded yet, or a row left from an earlier class list
        where = f"{path}, line {line}"
        if name not in items:
            raise CourseError(f"{where}: no rubric item {name!r}; use {', '.join(items)}")
        if student not in known:
            raise CourseError(
                f"{where}: no student folder {student!r} in this class; fix the name or delete "
                "the row"
            )
        maximum = items[name].points
        allowed = f"write a number from 0 to {maximum:g}, or leave it empty"
        try:
            points = float(text)
        except ValueError:
            raise CourseError(f"{where}: points {text!r} is not a number; {allowed}") from None
        if math.isnan(points) or not 0 <= points <= maximum:
            raise CourseError(
                f"{where}: {text} points for {name} of {student} is outside the allowed 0 to "
                f"{maximum:g}; {allowed}"
            )
        if (student, name) in marks:
            raise CourseError(f"{where}: {student} already has points for {name} on another line")
        marks[student, name] = Mark(points, row["comment"])
    return marks


def with_marks(
    result: GradeResult, rubric: tuple[RubricItem, ...], marks: dict[tuple[str, str], Mark]
) -> GradeResult:
    """The result with the TA's points in its rubric rows (added when the grade has none, as
    when a submission could not be read), and its score counting them."""
    tests = list(result.tests)
    for item in rubric:
        mark = marks.get((result.submission, item.name))
        if mark is None:
            continue
        status = "passed" if mark.points >= item.points else "failed"
        graded = TestResult(item.row_name, mark.points, item.points, status, mark.comment)
        at = next((i for i, test in enumerate(tests) if test.name == item.row_name), None)
        if at is None:
            tests.append(graded)
        else:
            tests[at] = graded
    score = round(sum(test.score for test in tests), 2)
    return replace(result, tests=tests, score=score)


def with_manual_points(
    assignment: Assignment, results: list[GradeResult], out: Path
) -> list[GradeResult]:
    """`results` as the gradebook shows them: with the points of `out/manual.csv`, which is
    written (or completed) first, so that every student has a row to fill in."""
    return with_rubric_points(assignment.rubric, results, out)


def with_rubric_points(
    rubric: tuple[RubricItem, ...], results: list[GradeResult], out: Path
) -> list[GradeResult]:
    """The same for any rubric, a homework's or a team-project milestone's."""
    if not rubric:
        return results
    path = out / MANUAL_FILE
    students = [result.submission for result in results]
    marks = read_sheet(path, students, rubric)
    added = prepare_sheet(path, students, rubric)
    if added:
        print(
            f"{path}: {added} rows to fill in ({', '.join(i.name for i in rubric)}); "
            "type the points, then rerun to put them in the gradebook.",
            file=sys.stderr,
        )
    return [with_marks(result, rubric, marks) for result in results]
