"""HW1 grading (`autograder.grading.student_tests`): a student's tests run against the working
app and against every planted bug, each app a warm fork started with a database of its own; the
peer review and the reflection follow as rows left to the TA."""

import json
import shutil
from pathlib import Path

import pytest

from autograder.grading.grade import grade
from autograder.grading.mutants import load_mutants
from autograder.spec import ASSIGNMENTS_DIR, load_assignment
from courseware.render import starter_path
from tests.support.commands import run_course

THEIRS = ("test_courses.py", "test_groups.py", "test_users.py")


def submission_with(reference: Path, folder: Path, tests: dict[str, str]) -> Path:
    """The week-2 reference with the student's test files replaced by `tests`."""
    shutil.copytree(reference, folder)
    for name in THEIRS:
        (folder / "tests" / name).unlink()
    for name, text in tests.items():
        (folder / "tests" / name).write_text(text)
    return folder


def pending_rows(result) -> dict[str, str]:
    """The rows left to the TA, by file: each at 0 of its rubric points."""
    rubric = load_assignment("hw01").rubric
    rows = [t for t in result.tests if t.status == "pending"]
    assert [(t.name, t.score, t.max_score) for t in rows] == [
        (item.row_name, 0, item.points) for item in rubric
    ]
    return {item.file: row.output for item, row in zip(rubric, rows, strict=True)}


def test_an_honest_suite_catches_every_planted_bug(tmp_path, reference_of):
    """Full marks for the mutants are 80 of 100: the other 20 wait for the TA."""
    submission = tmp_path / "honest"
    shutil.copytree(reference_of(2), submission)
    shutil.copytree(ASSIGNMENTS_DIR / "hw01/reference/reviews", submission / "reviews")
    result = grade("hw01", submission, jobs=2)
    assignment = load_assignment("hw01")
    assert (result.score, result.max_score) == (80, 100)
    assert result.score == assignment.automatic_points, [t.output for t in result.tests]
    mutants = [t for t in result.tests if t.status != "pending"]
    assert len(mutants) == len(load_mutants(assignment))
    assert all(t.status == "passed" and t.max_score == 8 for t in mutants)
    assert any("pass on the working app and catch" in note for note in result.notes)
    assert set(pending_rows(result).values()) == {
        "Your TA grades it with the rubric on the HW1 page."
    }


def test_a_test_that_fails_on_the_working_app_earns_nothing_and_is_named(tmp_path, reference_of):
    wrong = "def test_health_says_no(client):\n    assert client.get('/health').status_code == 5\n"
    submission = submission_with(reference_of(2), tmp_path / "wrong", {"test_hw01_a.py": wrong})
    result = grade("hw01", submission, jobs=2)
    assert result.score == 0
    assert "test_health_says_no" in result.notes[0]
    assert "tests the wrong behavior" in result.notes[0]
    # The reference has no templates: the rows say what to commit, whatever the tests did.
    assert all(" is missing: " in output for output in pending_rows(result).values())


def test_a_suite_that_checks_little_catches_only_what_it_checks(tmp_path, reference_of):
    little = "def test_health(client):\n    assert client.get('/health').status_code == 200\n"
    submission = submission_with(reference_of(2), tmp_path / "little", {"test_hw01_a.py": little})
    shutil.copytree(starter_path(2) / "reviews", submission / "reviews")
    result = grade("hw01", submission, jobs=2)
    assert 0 <= result.score < result.max_score
    missed = [t for t in result.tests if t.status == "failed"]
    assert missed and all("No test failed when the app got this wrong" in t.output for t in missed)
    assert all(" is still the template: " in output for output in pending_rows(result).values())


FIXED_NAME = """
def test_a_new_group_is_created(client, auth):
    body = {"name": "Always the same name", "course_id": 1}
    response = client.post("/api/groups", json=body, headers=auth("alice"))
    assert response.status_code == 201, response.text
"""


def test_every_run_starts_on_a_database_of_its_own(tmp_path, reference_of):
    """The same group created in every run: a database shared by two runs would answer 409 in
    the second (names are unique within a course), and the working app's run would fail."""
    tests = {"test_hw01_a.py": FIXED_NAME}
    submission = submission_with(reference_of(2), tmp_path / "fixed", tests)
    result = grade("hw01", submission, jobs=2)
    assert any("pass on the working app" in note for note in result.notes), result.notes


MAIL_ASSIGNMENT = """\
id = "hw10"
title = "Tests that read the app's email"
week = 11
kind = "tests"
points = 100
"""

# A planted bug that only a test reading the verification email can catch.
MAIL_MUTANT = """\
[[mutant]]
name = "tokens-never-work"
behavior = "the token of the verification email verifies the account"
file = "coursehub/services/verification.py"
find = "    if found is None or found.used_at is not None:\\n"
replace = "    if True:\\n"

[[mutant]]
name = "no-verification-email"
behavior = "registering sends a verification email"
file = "coursehub/services/verification.py"
find = "    await mailer.send("
replace = "    None and await mailer.send("
"""

READS_MAIL = """
def test_a_verification_token_works_once(client, unique, mailbox):
    name = unique("mail").replace(" ", "").lower()[:20]
    account = {"username": name, "email": f"{name}@example.edu", "password": "x" * 16}
    assert client.post("/api/auth/register", json=account).status_code == 201
    token = mailbox.latest_token(account["email"])
    assert client.post("/api/auth/verify", json={"token": token}).status_code == 200
    assert client.post("/api/auth/verify", json={"token": token}).status_code == 400
"""


def test_a_suite_that_reads_the_apps_email_gets_each_runs_own_mail(tmp_path, reference_of):
    """From week 9 every run's app (the working one and each planted bug) sends its email to a
    mail server of that run, whose folder only that run's tests read: the same account
    registered in every run gets one email in each, and a bug that sends none is caught."""
    assignments = tmp_path / "assignments"
    (assignments / "hw10").mkdir(parents=True)
    (assignments / "hw10/assignment.toml").write_text(MAIL_ASSIGNMENT)
    (assignments / "hw10/mutants.toml").write_text(MAIL_MUTANT)
    submission = tmp_path / "reads-mail"
    shutil.copytree(starter_path(11), submission)
    (submission / "tests/test_hw10_mail.py").write_text(READS_MAIL)
    out = tmp_path / "result.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_ASSIGNMENTS_DIR", str(assignments))
        graded = run_course("grade", "hw10", str(submission), "--format", "json", "--out",
                            str(out), timeout=600)  # fmt: skip
    assert graded.returncode == 0, graded.stdout + graded.stderr
    result = json.loads(out.read_text())
    assert [(t["name"], t["status"]) for t in result["tests"]] == [
        ("catches: the token of the verification email verifies the account", "passed"),
        ("catches: registering sends a verification email", "passed"),
    ], result["notes"]
