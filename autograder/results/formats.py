"""A `GradeResult` in the formats people already read: a terminal table, JSON, Gradescope's
`results.json`, JUnit XML, and Markdown for a pull-request comment or a job summary."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from autograder.results.lateness import lateness_sentence
from autograder.results.model import GradeResult, TestResult
from courseware.files import write_atomic


def as_json(result: GradeResult) -> str:
    return json.dumps(result.to_dict(), indent=2, sort_keys=False) + "\n"


def as_gradescope(result: GradeResult) -> str:
    """Gradescope's autograder `results.json`."""
    tests = [
        {
            "name": test.name,
            "score": test.score,
            "max_score": test.max_score,
            "status": "passed" if test.status == "passed" else "failed",
            "output": test.output,
            "visibility": test.visibility,
        }
        for test in result.tests
    ]
    payload = {
        "score": result.score,
        "output": "\n".join(result.notes),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    return json.dumps(payload, indent=2) + "\n"


def as_junit(result: GradeResult) -> str:
    failures = sum(1 for test in result.tests if test.status == "failed")
    suite = ET.Element(
        "testsuite",
        name=result.assignment,
        tests=str(len(result.tests)),
        failures=str(failures),
        skipped=str(sum(1 for test in result.tests if test.status == "pending")),
    )
    for test in result.tests:
        case = ET.SubElement(suite, "testcase", classname=result.assignment, name=test.name)
        ET.SubElement(case, "properties")
        properties = case.find("properties")
        assert properties is not None
        for key in ("score", "max_score", "visibility"):
            ET.SubElement(properties, "property", name=key, value=str(getattr(test, key)))
        if test.status == "failed":
            ET.SubElement(case, "failure", message=test.output[:200]).text = test.output
        elif test.status == "pending":
            ET.SubElement(case, "skipped", message=test.output)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "\\|").strip()


def as_markdown(
    result: GradeResult, *, show_after_due_date: bool = False, row_chars: int | None = None
) -> str:
    """For a pull-request comment or a job summary: score, then what to fix first.

    With `row_chars` (a comment), each message is cut to that length and the passed checks
    fold away, so that the failed ones are what a student sees.
    """
    lines = [
        f"### {result.assignment}: {result.score:g} / {result.max_score:g} points",
        "",
        f"{result.passed} of {len(result.tests)} checks passed.",
        "",
    ]
    if result.late is not None:
        lines += [lateness_sentence(result.late), ""]
    lines += [f"> {note}" for note in result.notes]
    if result.notes:
        lines.append("")
    if not result.app_started:
        lines.append(
            f"None of the {len(result.tests)} checks could run. Fix the error above (`uv run "
            "python -m coursehub` shows it on your machine), then push again."
        )
        return "\n".join(lines) + "\n"
    shown = [t for t in result.tests if show_after_due_date or t.visibility != "after_due_date"]
    held = len(result.tests) - len(shown)
    ordered = sorted(shown, key=lambda t: (t.status == "passed", t.given))
    folded = [t for t in ordered if t.status == "passed"] if row_chars else []
    lines += _markdown_rows([t for t in ordered if t not in folded], row_chars)
    if folded:
        lines += ["", f"<details><summary>{len(folded)} passed checks</summary>", ""]
        lines += [*_markdown_rows(folded, row_chars), "", "</details>"]
    if held:
        held_passed = sum(
            1 for t in result.tests if t.visibility == "after_due_date" and t.status == "passed"
        )
        lines += [
            "",
            f"{held} more {'check is' if held == 1 else 'checks are'} shown after your last"
            f" late day ({held_passed} passed).",
        ]
    return "\n".join(lines) + "\n"


def _markdown_rows(tests: list[TestResult], row_chars: int | None) -> list[str]:
    lines = ["| | check | points | what to fix |", "|---|---|---|---|"]
    for test in tests:
        mark = {"passed": "✅", "failed": "❌", "pending": "⏳"}[test.status]
        output = re.sub(r"\s+", " ", test.output) if test.status != "passed" else ""
        if row_chars and len(output) > row_chars:
            output = output[: row_chars - 1] + "…"
        output = _cell(output)
        lines.append(
            f"| {mark} | {_cell(test.name)} | {test.score:g}/{test.max_score:g} | {output} |"
        )
    return lines


def as_table(result: GradeResult) -> str:
    width = max([len(test.name) for test in result.tests] + [5])
    lines = [f"{result.assignment} - {result.submission}", ""]
    for test in result.tests:
        status = {"passed": "PASS", "failed": "FAIL", "pending": "TODO"}[test.status]
        lines.append(f"{status}  {test.name:<{width}}  {test.score:>6g}/{test.max_score:<6g}")
        if test.status != "passed" and test.output:
            lines.append(f"      {test.output}")
    lines += ["", *result.notes, f"Sandbox: {result.sandbox}" if result.sandbox else ""]
    lines.append(f"Score: {result.score:g} / {result.max_score:g}")
    if result.late is not None:
        lines.append(lateness_sentence(result.late))
    return "\n".join(line for line in lines if line is not None) + "\n"


FORMATS = {
    "table": as_table,
    "json": as_json,
    "gradescope": as_gradescope,
    "junit": as_junit,
    "markdown": as_markdown,
}


def write_result(result: GradeResult, fmt: str, out: Path | None) -> None:
    """The result in `fmt`, written to `out` whole (or to the screen when there is none)."""
    text = FORMATS[fmt](result)
    if out:
        write_atomic(out, text)
    else:
        print(text, end="")
