"""Grade a whole class: `course grade-class ASSIGNMENT CLASS_DIR --out DIR [--jobs N]`.

CLASS_DIR holds one folder per student. Each finished result is written at once to
`DIR/results/<student>.json` with the digest of what was graded, so an interrupted batch
resumes where it stopped and never regrades a submission that has not changed. The gradebook
(`gradebook.csv`) and the report (`report.html`) are rebuilt from those files at the end.
"""

import csv
import html
import json
import queue
import sys
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from autograder.grade import grade
from autograder.results import GradeResult, TestResult
from autograder.spec import load_assignment
from autograder.submission import folder_digest
from course.errors import CourseError


def student_folders(class_dir: Path) -> list[Path]:
    if not class_dir.is_dir():
        raise CourseError(f"no class folder at {class_dir}")
    students = sorted(p for p in class_dir.iterdir() if not p.name.startswith(".") and p.is_dir())
    if not students:
        raise CourseError(f"{class_dir} has no student folders (one sub-folder per student)")
    return students


def _result_file(out: Path, student: str) -> Path:
    return out / "results" / f"{student}.json"


def _cached(out: Path, student: Path, digest: str) -> GradeResult | None:
    path = _result_file(out, student.name)
    try:
        data = json.loads(path.read_text())
        if data.get("digest") == digest:
            return GradeResult.from_dict(data["result"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def _save(out: Path, student: str, digest: str, result: GradeResult) -> None:
    path = _result_file(out, student)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"digest": digest, "result": result.to_dict()}, indent=1))
    temporary.replace(path)  # atomic: a killed batch never leaves half a result


def grade_class(assignment_id: str, class_dir: Path, out: Path, jobs: int) -> list[GradeResult]:
    assignment = load_assignment(assignment_id)
    students = student_folders(class_dir)
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

    slots: queue.Queue[int] = queue.Queue()
    for slot in range(jobs):
        slots.put(slot)

    def work(student: Path, digest: str) -> GradeResult:
        slot = slots.get()
        try:
            return grade(assignment_id, student, slot=slot, jobs=1)
        finally:
            slots.put(slot)

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
    write_gradebook(ordered, out / "gradebook.csv")
    write_report(assignment.id, assignment.title, ordered, out / "report.html")
    return ordered


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


def write_gradebook(results: list[GradeResult], path: Path) -> None:
    names = list(dict.fromkeys(test.name for result in results for test in result.tests))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "score", "max_score", "passed", "checks", *names])
        for result in results:
            by_name = {test.name: test for test in result.tests}
            per_test = [f"{by_name[n].score:g}" if n in by_name else "" for n in names]
            summary = [
                f"{result.score:g}",
                f"{result.max_score:g}",
                result.passed,
                len(result.tests),
            ]
            writer.writerow([result.submission, *summary, *per_test])


def _histogram_svg(scores: list[float], maximum: float) -> str:
    bins = [0] * 10
    for score in scores:
        bins[min(int(score / maximum * 10) if maximum else 0, 9)] += 1
    tallest = max(bins) or 1
    bars = []
    for index, count in enumerate(bins):
        height = 160 * count / tallest
        x = 40 + index * 50
        low, high = maximum * index / 10, maximum * (index + 1) / 10
        bars.append(
            f'<rect x="{x}" y="{180 - height:.1f}" width="44" height="{height:.1f}" fill="#3f51b5">'
            f"<title>{low:g}-{high:g}: {count} students</title></rect>"
            f'<text x="{x + 22}" y="{175 - height:.1f}" text-anchor="middle">{count or ""}</text>'
            f'<text x="{x + 22}" y="196" text-anchor="middle" font-size="10">{low:g}</text>'
        )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="560" height="210" role="img" '
        'aria-label="score histogram" font-family="sans-serif" font-size="12">'
        + "".join(bars)
        + "</svg>"
    )


def write_report(assignment: str, title: str, results: list[GradeResult], path: Path) -> None:
    scores = [result.score for result in results]
    maximum = results[0].max_score if results else 0
    mean = sum(scores) / len(scores) if scores else 0
    rates: dict[str, list[int]] = {}
    for result in results:
        for test in result.tests:
            passed_total = rates.setdefault(test.name, [0, 0])
            passed_total[0] += test.status == "passed"
            passed_total[1] += 1
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{p}/{t}</td>"
        f'<td><div class="bar" style="width:{100 * p / t:.0f}%"></div> {100 * p / t:.0f}%</td></tr>'
        for name, (p, t) in sorted(rates.items(), key=lambda item: item[1][0] / item[1][1])
    )
    students = "".join(
        f"<tr><td>{html.escape(r.submission)}</td><td>{r.score:g}/{r.max_score:g}</td>"
        f"<td>{r.passed}/{len(r.tests)}</td><td>{html.escape(' '.join(r.notes)[:300])}</td></tr>"
        for r in results
    )
    median = sorted(scores)[len(scores) // 2] if scores else 0
    style = (
        "body{font-family:sans-serif;margin:2rem;max-width:70rem}"
        "table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}"
        ".bar{display:inline-block;height:.8rem;background:#3f51b5;vertical-align:middle}"
    )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(assignment)} report</title>
<style>{style}</style></head>
<body><h1>{html.escape(assignment)}: {html.escape(title)}</h1>
<p>{len(results)} submissions, mean {mean:.1f} / {maximum:g}, median {median:g}.</p>
<h2>Scores</h2>{_histogram_svg(scores, maximum)}
<h2>Checks, hardest first</h2><table>
<tr><th>check</th><th>passed</th><th>pass rate</th></tr>{rows}</table>
<h2>Students</h2><table>
<tr><th>student</th><th>score</th><th>checks passed</th><th>notes</th></tr>{students}</table>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
