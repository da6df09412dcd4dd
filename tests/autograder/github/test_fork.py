"""The fork deployment: a trusted `workflow_run` job grades the artifact of a pull request's
commit once per push, with one comment that is updated in place."""

import json
import shutil
from datetime import timedelta

from autograder.github.client import GitHub
from autograder.github.comments import find_comment, marker
from autograder.github.fork import git_blob_sha
from course.export.repository import export_week
from courseware.calendar import load_calendar
from courseware.term import HOMEWORK_BY_ID
from tests.support.github import (
    CLASS_REPOSITORY,
    TOKEN,
    FakeGitHub,
    assert_no_hidden_test_text,
    commit,
    hidden_lines,
    package,
    trusted_job,
    workflow_run_event,
)
from tests.support.markers import needs_bubblewrap


@needs_bubblewrap
def test_fork_pull_request_is_graded_once_per_push_with_one_comment(
    tmp_path, httpserver, actions, reference_of
):
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    student = export_week(4, tmp_path / "alice-coursehub", "fork").student

    # First push: the untouched starter.
    first = commit(fake, student)
    fake.open_pull(CLASS_REPOSITORY, 7, "alice", "hw03", first)
    artifact = package(student, tmp_path / "artifact")
    steps = trusted_job(actions, tmp_path, "first", workflow_run_event(first), artifact)
    assert steps[0]["outputs"]["grade"] == "true"
    comments = fake.comments_on(CLASS_REPOSITORY, 7)
    assert len(comments) == 1
    assert comments[0]["user"]["login"] == "github-actions[bot]"
    body = comments[0]["body"]
    assert marker("hw03", first) in body
    assert "### hw03: 0 / 100 points" in body and "| ❌ |" in body
    assert fake.statuses[-1]["sha"] == first
    assert fake.statuses[-1]["state"] == "failure"
    assert fake.statuses[-1]["context"] == "coursehub/hw03"
    assert fake.statuses[-1]["target_url"] == comments[0]["html_url"]
    assert "hw03: 0 / 100 points" in steps[-1]["summary"]

    # Second push: the reference solution copied in. The same comment is updated.
    shutil.copytree(reference_of(4) / "coursehub", student / "coursehub", dirs_exist_ok=True)
    second = commit(fake, student)
    fake.push(CLASS_REPOSITORY, 7, second)
    artifact = package(student, tmp_path / "artifact")
    steps += trusted_job(actions, tmp_path, "second", workflow_run_event(second), artifact)
    comments = fake.comments_on(CLASS_REPOSITORY, 7)
    assert len(comments) == 1
    assert marker("hw03", second) in comments[0]["body"]
    assert "### hw03: 100 / 100 points" in comments[0]["body"]
    assert ("PATCH", f"/repos/{CLASS_REPOSITORY}/issues/comments/{comments[0]['id']}") in fake.calls
    assert fake.statuses[-1]["sha"] == second
    assert fake.statuses[-1]["state"] == "success"
    assert fake.statuses[-1]["description"].startswith("100/100 points")

    # The run of the same head again (a re-run, a reopened pull request): not graded again.
    writes_before = len(fake.writes())
    rerun = trusted_job(actions, tmp_path, "rerun", workflow_run_event(second), artifact)
    assert rerun[0]["outputs"]["grade"] == "false"
    assert "already graded" in rerun[0]["log"]
    assert len(rerun) == 2  # the workflow skips the grade step
    assert not list((tmp_path / "work-rerun").glob("*/result.json"))
    assert len(fake.writes()) == writes_before

    # Nothing the student can see quotes the hidden suite: comments, statuses, summaries,
    # logs of every step, and the artifact their own run uploaded.
    steps += rerun
    assert_no_hidden_test_text(
        *(c["body"] for c in fake.comments),
        *(s["description"] for s in fake.statuses),
        *(s["summary"] + s["log"] for s in steps),
    )
    assert hidden_lines()
    assert_no_hidden_test_text(
        *(p.read_text(errors="replace") for p in artifact.rglob("*") if p.is_file()),
        code_allowed=True,  # the student's own visible tests are in it
    )


@needs_bubblewrap
def test_an_extension_in_the_roster_is_what_the_pull_requests_grade_counts(
    tmp_path, httpserver, actions, reference_of
):
    """Alice has three more days on HW3 (one entry in the roster); her push comes four days
    after the class's due date, GitHub's clock: one late day of hers, so it counts in full."""
    roster = tmp_path / "extensions.toml"
    roster.write_text('[[extension]]\nstudent = "alice"\nhomework = "hw03"\ndays = 3\n')
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    student = export_week(4, tmp_path / "alice-coursehub", "fork").student
    shutil.copytree(reference_of(4) / "coursehub", student / "coursehub", dirs_exist_ok=True)
    sha = commit(fake, student)
    fake.open_pull(CLASS_REPOSITORY, 9, "alice", "hw03", sha)
    pushed = load_calendar().due(HOMEWORK_BY_ID["hw03"]) + timedelta(days=3, hours=6)
    event = workflow_run_event(sha, created_at=pushed.isoformat())
    artifact = package(student, tmp_path / "artifact")
    trusted_job(actions, tmp_path, "late", event, artifact, COURSE_EXTENSIONS_FILE=str(roster))

    body = fake.comments_on(CLASS_REPOSITORY, 9)[0]["body"]
    assert "### hw03: 100 / 100 points" in body
    assert "Handed in 1 late day after the due date" in body
    assert "with your 3-day extension" in body and "no penalty" in body
    (result_file,) = (tmp_path / "work-late").glob("*/result.json")
    late = json.loads(result_file.read_text())["late"]
    assert (late["student"], late["late_days"], late["final_score"]) == ("alice", 1, 100)


def test_an_artifact_that_is_not_the_commit_is_not_graded(tmp_path, httpserver, actions):
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    student = export_week(4, tmp_path / "mallory-coursehub", "fork").student
    sha = commit(fake, student)
    fake.open_pull(CLASS_REPOSITORY, 9, "mallory", "hw03", sha)
    # The run uploaded something else than the commit (an edited workflow could).
    artifact = package(student, tmp_path / "artifact")
    (artifact / "coursehub/routes/courses.py").write_text("# copied from someone\n")
    steps = trusted_job(actions, tmp_path, "tampered", workflow_run_event(sha, "mallory"), artifact)
    assert steps[0]["outputs"]["grade"] == "false"
    assert len(steps) == 2
    comment = fake.comments_on(CLASS_REPOSITORY, 9)[0]["body"]
    assert "not graded" in comment and "`coursehub/routes/courses.py`" in comment
    assert fake.statuses[-1]["state"] == "error"

    # A new push whose run uploaded nothing (the upload step was removed): said too, in the
    # same comment, and still not graded.
    (student / "NOTES.md").write_text("my notes\n")
    newer = commit(fake, student)
    fake.push(CLASS_REPOSITORY, 9, newer)
    event = workflow_run_event(newer, "mallory")
    trusted_job(actions, tmp_path, "missing", event, tmp_path / "no-artifact")
    comments = fake.comments_on(CLASS_REPOSITORY, 9)
    assert len(comments) == 1 and "No submission was uploaded" in comments[0]["body"]
    assert not list(tmp_path.glob("work-*/*/result.json"))


def test_a_student_who_can_write_the_class_repository_is_not_graded(tmp_path, httpserver, actions):
    """Write access lets a student edit the grader's comment and post its status: the step
    refuses such a pull request and says why, instead of posting a grade they could change."""
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    fake.permissions["mallory"] = "write"
    student = export_week(4, tmp_path / "mallory-coursehub", "fork").student
    sha = commit(fake, student)
    fake.open_pull(CLASS_REPOSITORY, 11, "mallory", "hw03", sha)
    artifact = package(student, tmp_path / "artifact")
    steps = trusted_job(actions, tmp_path, "writer", workflow_run_event(sha, "mallory"), artifact)
    assert steps[0]["outputs"]["grade"] == "false"
    comment = fake.comments_on(CLASS_REPOSITORY, 11)[0]["body"]
    assert "@mallory can write to the class repository" in comment
    assert fake.statuses[-1]["state"] == "error"
    assert not list(tmp_path.glob("work-*/*/result.json"))


def test_a_run_whose_commit_is_no_longer_the_head_is_left_to_the_newer_run(
    tmp_path, httpserver, actions
):
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    student = export_week(4, tmp_path / "bob-coursehub", "fork").student
    old = commit(fake, student)
    fake.open_pull(CLASS_REPOSITORY, 3, "bob", "hw03", "f" * 40)  # bob has pushed again since
    steps = trusted_job(
        actions, tmp_path, "old", workflow_run_event(old, "bob"), package(student, tmp_path / "a")
    )
    assert steps[0]["outputs"]["grade"] == "false"
    assert "Nothing to grade" in steps[0]["log"]
    assert fake.writes() == []


def test_git_blob_ids_are_gits():
    assert git_blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert git_blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_only_the_graders_own_comment_counts(httpserver):
    fake = FakeGitHub(httpserver, {TOKEN: "github-actions[bot]"})
    api = GitHub(fake.url, TOKEN)
    for login, head in (("alice", "aaa"), ("github-actions[bot]", "bbb"), ("alice", "ccc")):
        fake.comments.append(
            {"id": len(fake.comments) + 1, "repository": "o/r", "number": 5,
             "user": {"login": login}, "body": f"text\n{marker('hw03', head)}\n"}
        )  # fmt: skip
    comment = find_comment(api, "o/r", 5, "hw03", "github-actions[bot]")
    assert comment is not None and comment["id"] == 2
    assert find_comment(api, "o/r", 5, "hw04", "github-actions[bot]") is None
