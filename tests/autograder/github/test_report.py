"""The report step: a commit status and a comment GitHub accepts."""

from autograder.github.comments import marker
from autograder.github.report import COMMENT_LIMIT, comment_body, commit_status
from autograder.github.work import Plan
from autograder.results.model import GradeResult
from autograder.results.model import TestResult as Check


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
    assert body.rstrip().endswith("newest score.</sub>")
