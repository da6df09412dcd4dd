"""Grade a whole class: `course grade-class ASSIGNMENT CLASS_DIR --out DIR [--jobs N]`.

CLASS_DIR holds one folder per student. Each finished result is written at once to
`DIR/results/<student>.json` with the digest of what was graded, so an interrupted batch
resumes where it stopped and never regrades a submission that has not changed. The gradebook
(`gradebook.csv`) and the report (`report.html`) are rebuilt from those files at the end,
with the points a TA typed in `DIR/manual.csv` for the rubric (`batch.manual`): rerunning the
batch after the TA's grading regrades nothing and rebuilds both.
"""

import json
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path

from autograder.batch.handed_in import HandedIn, handed_in_times, with_deadlines
from autograder.batch.manual import MANUAL_FILE, read_sheet, with_manual_points
from autograder.batch.report import write_gradebook, write_report
from autograder.grading.grade import grade
from autograder.results.model import GradeResult, TestResult
from autograder.spec import Assignment, load_assignment
from autograder.submission import folder_digest
from courseware.errors import CourseError
from courseware.files import write_json


def student_folders(class_dir: Path) -> list[Path]:
    if not class_dir.is_dir():
        raise CourseError(f"no class folder at {class_dir}")
    students = sorted(p for p in class_dir.iterdir() if not p.name.startswith(".") and p.is_dir())
    if not students:
        raise CourseError(f"{class_dir} has no student folders (one sub-folder per student)")
    return students


def result_file(out: Path, student: str) -> Path:
    return out / "results" / f"{student}.json"


def _cached(out: Path, student: Path, digest: str) -> GradeResult | None:
    path = result_file(out, student.name)
    try:
        data = json.loads(path.read_text())
        if data.get("digest") == digest:
            return GradeResult.from_dict(data["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def _save(out: Path, student: str, digest: str, result: GradeResult) -> None:
    # Atomic: a killed batch never leaves half a result.
    write_json(result_file(out, student), {"digest": digest, "result": result.to_dict()})


def grade_class(
    assignment_id: str,
    class_dir: Path,
    out: Path,
    jobs: int,
    allow_unsandboxed: bool = False,
    handed_in_file: Path | None = None,
    everyone_handed_in_at: datetime | None = None,
) -> list[GradeResult]:
    """Grade the class; with hand-in times (`batch.handed_in`) the gradebook counts each
    student's late days against their own deadline."""
    assignment = load_assignment(assignment_id)
    students = student_folders(class_dir)
    # A TA's typo is reported before the grading, not after it.
    read_sheet(out / MANUAL_FILE, [s.name for s in students], assignment.rubric)
    handed_in = handed_in_times(out, handed_in_file, everyone_handed_in_at)
    (out / "results").mkdir(parents=True, exist_ok=True)
    results: dict[str, GradeResult] = {}
    pending: list[tuple[Path, str]] = []
    for student in students:
        digest = folder_digest(student)
        cached = _cached(out, student, digest)
        if cached is not None:
            results[student.name] = cached
        else:
            pending.append((student, digest))
    if results:
        print(
            f"{len(results)} already graded and unchanged; grading {len(pending)}.", file=sys.stderr
        )

    def work(student: Path, digest: str) -> GradeResult:
        # Each grade leases its own uids (autograder.uids): no two students share one.
        return grade(assignment_id, student, jobs=1, allow_unsandboxed=allow_unsandboxed)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(work, student, digest): (student, digest) for student, digest in pending
        }
        for done, future in enumerate(as_completed(futures), start=1):
            student, digest = futures[future]
            try:
                result = future.result()
                _save(out, student.name, digest, result)
            except Exception as error:
                result = _grader_error(assignment.id, assignment.points, student.name, error)
            results[student.name] = result
            _progress(done, len(pending), student.name, result, started)
    ordered = [results[s.name] for s in students]
    return write_class_files(assignment, ordered, out, handed_in)


def write_class_files(
    assignment: Assignment, results: list[GradeResult], out: Path, handed_in: HandedIn | None
) -> list[GradeResult]:
    """The gradebook and the report: the grader's results with the TA's points added, then
    late days counted (a penalty applies to the whole score)."""
    shown = with_deadlines(with_manual_points(assignment, results, out), handed_in)
    write_gradebook(shown, out / "gradebook.csv")
    write_report(assignment.id, assignment.title, shown, out / "report.html")
    return shown


def _grader_error(assignment: str, points: float, student: str, error: Exception) -> GradeResult:
    """A row that says the grader failed (not the student); it is not saved, so the next run
    of the batch grades this student again."""
    detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    why = f"The grader failed on this submission ({detail}); rerun the batch to grade it again."
    return GradeResult(
        assignment, student, 0, points, [TestResult("grading", 0, points, "failed", why)], [why]
    )


def _progress(done: int, total: int, student: str, result: GradeResult, started: float) -> None:
    elapsed = time.monotonic() - started
    remaining = elapsed / done * (total - done)
    width = 30
    filled = int(width * done / total)
    bar = "#" * filled + "-" * (width - filled)
    print(
        f"\r[{bar}] {done}/{total}  {student[:20]:<20} {result.score:g}/{result.max_score:g}"
        f"  ~{remaining:.0f}s left ",
        end="" if done < total else "\n",
        file=sys.stderr,
        flush=True,
    )
