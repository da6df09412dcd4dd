"""The environment-check assignment (HW0): the app starts, its visible tests pass, the
environment report is committed, and the team agreement (the spec's rubric) is left to the TA."""

import json
from pathlib import Path

from autograder.grading.context import RunContext, total
from autograder.grading.live_suite import build_contract_suite, run_live_suite
from autograder.grading.rubric import rubric_rows
from autograder.results.model import GradeResult, TestResult, humanize


def grade_setup(context: RunContext, jobs: int) -> GradeResult:
    suite = context.work / "suite"
    build_contract_suite(context.assignment, suite)
    run = run_live_suite(context, suite)
    started = run.startup_error is None
    failing = [r for r in run.tests if not r.passed and not r.skipped]
    tests = [
        given_check("your app starts and answers GET /health", 4, started, run.startup_error or ""),
        given_check(
            "the week's visible tests pass against your app",
            4,
            started and not failing,
            "Failing: " + ", ".join(humanize(r.name) for r in failing[:5]),
        ),
        environment_report(context.copy_root),
        *rubric_rows(context.assignment, context.copy_root),
    ]  # fmt: skip
    return total(context, tests, run.notes)


def given_check(name: str, points: float, ok: bool, why: str) -> TestResult:
    """A check that the untouched starter passes by design (it is the starting point)."""
    return TestResult(
        name,
        points if ok else 0,
        points,
        "passed" if ok else "failed",
        "" if ok else why,
        given=True,
    )


def environment_report(root: Path) -> TestResult:
    name = "hw00-environment.json shows every check of `python -m coursehub.doctor` ok"
    path = root / "hw00-environment.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8")[:100_000])
        ok = report.get("all_ok") is True and len(report.get("checks", [])) >= 4
    except (OSError, ValueError, AttributeError):
        return TestResult(
            name,
            0,
            2,
            "failed",
            "Run `uv run python -m coursehub.doctor` and commit hw00-environment.json.",
        )
    why = (
        "" if ok else "The report shows a failed check: run the doctor again and follow its fixes."
    )
    return TestResult(name, 2 if ok else 0, 2, "passed" if ok else "failed", why)
