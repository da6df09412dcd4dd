"""The report step: a commit status and a comment GitHub accepts."""

from datetime import timedelta

from autograder.github.comments import marker
from autograder.github.report import (
    COMMENT_LIMIT,
    ROW_CHARS,
    comment_body,
    commit_status,
    due_date_passed,
    run_url,
)
from autograder.github.work import Plan
from autograder.results.model import DID_NOT_START, GradeResult
from autograder.results.model import TestResult as Check
from courseware.calendar import load_calendar
from courseware.term import HOMEWORK_BY_ID


def test_commit_status_is_success_only_at_full_marks():
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    full = GradeResult("hw03", "s", 100, 100, [])
    partial = GradeResult("hw03", "s", 75, 100, [])
    assert commit_status(full, plan)[0] == "success"
    assert commit_status(partial, plan) == ("failure", "75/100 points: 0 of 0 checks passed")
    assert commit_status(None, plan)[0] == "error"


def test_a_comment_too_long_for_github_keeps_the_failed_checks_first():
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    tests = [Check(f"check {i}", 0, 1, "failed", "Expected: something. " * 40) for i in range(200)]
    body = comment_body(plan, GradeResult("hw03", "s", 0, 200, tests), "")
    assert len(body) <= COMMENT_LIMIT + 500
    assert body.startswith(marker("hw03", plan.head_sha))
    assert "| check 0 |" in body and "did not fit in a comment" in body
    assert body.rstrip().endswith("</sub>")


def test_a_comment_stays_readable_and_points_to_the_full_report(monkeypatch):
    """Forty failed rows of long messages and a hundred passed ones: every failed row, each
    cut, the passed ones folded away, and a link to the run whose artifact is uncut."""
    plan = Plan("hw04", "student/coursehub", 7, "b" * 40, "bot")
    failed = [Check(f"failing {i}", 0, 1, "failed", "Expected: x. " * 200) for i in range(40)]
    passed = [Check(f"passing {i}", 1, 1, "passed") for i in range(100)]
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "student/coursehub")
    monkeypatch.setenv("GITHUB_RUN_ID", "991")
    url = run_url(plan.repository)
    body = comment_body(
        plan, GradeResult("hw04", "s", 100, 140, failed + passed), "", report_url=url
    )
    assert len(body) <= COMMENT_LIMIT
    assert all(f"| failing {i} |" in body for i in range(40))
    rows = [line for line in body.splitlines() if line.startswith("| ❌")]
    assert max(len(row) for row in rows) < ROW_CHARS + 60
    assert "<summary>100 passed checks</summary>" in body
    assert "[this run](https://github.com/student/coursehub/actions/runs/991)" in body
    # A run of another repository (the staff's grading repository): no link a student can't open.
    assert run_url("someone/else") == ""


def test_after_due_date_rows_appear_in_the_comment_once_the_due_date_has_passed():
    plan = Plan("hw04", "o/r", 1, "c" * 40, "bot")
    tests = [
        Check("shown at once", 1, 1, "passed"),
        Check("held back", 0, 1, "failed", "Expected: y.", visibility="after_due_date"),
    ]
    result = GradeResult("hw04", "s", 1, 2, tests)
    calendar = load_calendar()
    last_late_day = calendar.due(HOMEWORK_BY_ID["hw04"]) + timedelta(days=calendar.late.days)
    assert not due_date_passed("hw04", now=last_late_day - timedelta(minutes=1))
    assert due_date_passed("hw04", now=last_late_day)
    before = comment_body(plan, result, "", past_due=False)
    after = comment_body(plan, result, "", past_due=True)
    assert "held back" not in before
    assert "1 more check is shown after your last late day" in before
    assert "| ❌ | held back |" in after and "after your last late day" not in after


def test_an_app_that_did_not_start_gives_its_error_once_and_no_table():
    plan = Plan("hw04", "o/r", 1, "d" * 40, "bot")
    note = f"{DID_NOT_START}: SyntaxError in coursehub/routes/courses.py line 55: unmatched ')'."
    tests = [Check(f"check {i}", 0, 1, "failed", "Not run.") for i in range(48)]
    body = comment_body(plan, GradeResult("hw04", "s", 0, 48, tests, notes=[note]), "")
    assert body.count("SyntaxError") == 1
    assert "| check" not in body and "None of the 48 checks could run" in body
