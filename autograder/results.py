"""The result of grading one submission, and the formats other tools read it in."""

import json
import re
from dataclasses import asdict, dataclass, field
from xml.etree import ElementTree as ET


@dataclass
class TestResult:
    name: str
    score: float
    max_score: float
    status: str  # passed | failed | pending (left for a person to grade)
    output: str = ""
    visibility: str = "visible"  # visible | hidden | after_due_date
    given: bool = False


@dataclass
class GradeResult:
    assignment: str
    submission: str
    score: float
    max_score: float
    tests: list[TestResult]
    notes: list[str] = field(default_factory=list)
    sandbox: str = ""

    @property
    def passed(self) -> int:
        return sum(1 for test in self.tests if test.status == "passed")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "GradeResult":
        return cls(**{**data, "tests": [TestResult(**test) for test in data["tests"]]})


def distribute(points: float, weights: list[float]) -> list[float]:
    """Split `points` over tests by weight, in cents, summing exactly to `points`."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0.0 for _ in weights]
    cents = round(points * 100)
    shares = [int(cents * weight // total) for weight in weights]
    for index in range(cents - sum(shares)):
        shares[index % len(shares)] += 1
    return [share / 100 for share in shares]


def humanize(test_name: str) -> str:
    """`test_create_course_needs_a_token[x]` -> "create course needs a token (x)"."""
    base, _, parameters = test_name.partition("[")
    words = base.removeprefix("test_").replace("_", " ")
    return f"{words} ({parameters.rstrip(']')})" if parameters else words


# --- formats ------------------------------------------------------------------------------


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


def as_markdown(result: GradeResult, *, show_after_due_date: bool = False) -> str:
    """For a pull-request comment or a job summary: score, then what to fix first."""
    lines = [
        f"### {result.assignment}: {result.score:g} / {result.max_score:g} points",
        "",
        f"{result.passed} of {len(result.tests)} checks passed.",
        "",
    ]
    lines += [f"> {note}" for note in result.notes]
    if result.notes:
        lines.append("")
    shown = [t for t in result.tests if show_after_due_date or t.visibility != "after_due_date"]
    held = len(result.tests) - len(shown)
    lines += ["| | check | points | what to fix |", "|---|---|---|---|"]
    for test in sorted(shown, key=lambda t: (t.status == "passed", t.given)):
        mark = {"passed": "✅", "failed": "❌", "pending": "⏳"}[test.status]
        lines.append(
            f"| {mark} | {_cell(test.name)} | {test.score:g}/{test.max_score:g} | "
            f"{_cell(test.output) if test.status != 'passed' else ''} |"
        )
    if held:
        held_passed = sum(
            1 for t in result.tests if t.visibility == "after_due_date" and t.status == "passed"
        )
        lines += ["", f"{held} more checks are shown after the due date ({held_passed} passed)."]
    return "\n".join(lines) + "\n"


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
    return "\n".join(line for line in lines if line is not None) + "\n"


FORMATS = {
    "table": as_table,
    "json": as_json,
    "gradescope": as_gradescope,
    "junit": as_junit,
    "markdown": as_markdown,
}
