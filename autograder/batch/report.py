"""What a graded class looks like to its staff: a gradebook CSV with a column per check, and
an HTML report with a score histogram and the pass rate of every check, hardest first."""

import csv
import html
from pathlib import Path

from autograder.results.model import GradeResult, TestResult

LATE_COLUMNS = ("due", "submitted_at", "late_days", "penalty_percent", "final_score")


def write_gradebook(results: list[GradeResult], path: Path) -> None:
    names = list(dict.fromkeys(test.name for result in results for test in result.tests))
    late = any(result.late is not None for result in results)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["student", "score", "max_score", "passed", "checks"]
        writer.writerow([*header, *(LATE_COLUMNS if late else ()), *names])
        for result in results:
            by_name = {test.name: test for test in result.tests}
            per_test = [gradebook_cell(by_name.get(name)) for name in names]
            summary = [
                f"{result.score:g}",
                f"{result.max_score:g}",
                result.passed,
                len(result.tests),
            ]
            lateness = late_cells(result) if late else []
            writer.writerow([result.submission, *summary, *lateness, *per_test])


def late_cells(result: GradeResult) -> list[str]:
    """The student's deadline, hand-in time, late days used, penalty and counted score;
    empty when the batch had no hand-in time for them."""
    if result.late is None:
        return [""] * len(LATE_COLUMNS)
    late = result.late
    return [
        late.due,
        late.submitted_at,
        str(late.late_days),
        f"{late.penalty_percent:g}",
        f"{late.final_score:g}",
    ]


def gradebook_cell(test: TestResult | None) -> str:
    """A check's points; empty where the check did not run or a TA has not graded it yet
    (a pending row's 0 is not a grade)."""
    return "" if test is None or test.status == "pending" else f"{test.score:g}"


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
