"""The classroom deployment: heads across the class's repositories, found, fetched as plain
files, graded and answered, from a configuration that must be filled in."""

import io
import json
import shutil
import tarfile

import pytest

from autograder.github.classroom import fetch_tarball, load_classroom
from autograder.github.client import GitHub
from autograder.github.comments import marker
from autograder.github.fork import git_blob_sha
from course.export.repository import export_week
from courseware.errors import CourseError
from courseware.files import write_json
from tests.support.github import (
    SECRET,
    TOKEN,
    FakeGitHub,
    classroom_config,
    commit,
    hostile_env_dump,
    tree_of,
)
from tests.support.markers import needs_bubblewrap


@needs_bubblewrap
def test_classroom_heads_are_found_graded_and_answered_without_leaking_a_secret(
    tmp_path, httpserver, actions
):
    grader_token, grader = "ghp_staff-grader-token", "course-grader"
    fake = FakeGitHub(httpserver, {grader_token: grader, "ghp_bob": "bob"})
    exported = export_week(4, tmp_path / "template", "classroom")
    assert exported.grading is not None
    config = classroom_config(exported.grading, "cs-course", grader)

    mallory = tmp_path / "hw03-mallory"
    shutil.copytree(exported.student, mallory)
    hostile_env_dump(mallory)
    mallory_head = commit(fake, mallory)
    bob_head = commit(fake, exported.student)
    fake.org_repos["cs-course"] = [
        {"name": "hw03-mallory", "full_name": "cs-course/hw03-mallory", "archived": False},
        {"name": "hw03-bob", "full_name": "cs-course/hw03-bob", "archived": False},
        {"name": "hw03-old", "full_name": "cs-course/hw03-old", "archived": True},
        {"name": "course-site", "full_name": "cs-course/course-site", "archived": False},
    ]
    fake.open_pull("cs-course/hw03-mallory", 1, "mallory", "hw03", mallory_head)
    fake.open_pull("cs-course/hw03-bob", 1, "bob", "hw03", bob_head)
    fake.open_pull("cs-course/hw03-old", 1, "old", "hw03", bob_head)
    fake.open_pull("cs-course/course-site", 4, "erin", "fix", bob_head)
    # Bob's head is graded already: the grading repository holds its grade of record. A
    # comment that claims a grade (here one of Mallory's own) decides nothing.
    records = tmp_path / "records"
    write_json(
        records / "cs-course--hw03-bob--1.json",
        {"assignment": "hw03", "repository": "cs-course/hw03-bob", "pull_request": 1,
         "head_sha": bob_head, "score": 100, "max_score": 100, "state": "success",
         "description": "100/100 points: 49 of 49 checks passed"},
    )  # fmt: skip
    fake.statuses.append(
        {"repository": "cs-course/hw03-bob", "sha": bob_head, "by": grader, "state": "success",
         "context": "coursehub/hw03", "description": "100/100 points: 49 of 49 checks passed"}
    )  # fmt: skip
    fake.comments.append(
        {"id": 2, "repository": "cs-course/hw03-mallory", "number": 1,
         "user": {"login": "mallory"}, "body": marker("hw03", mallory_head), "html_url": "y"}
    )  # fmt: skip

    heads = tmp_path / "heads.json"
    find = ("find-heads", "--config", str(config), "--out", str(heads), "--records", str(records))
    found = actions(*find, token=grader_token)
    assert found["outputs"] == {"count": "1", "runners": "1", "shards": "[0]"}
    assert [(h["repository"], h["head_sha"]) for h in json.loads(heads.read_text())] == [
        ("cs-course/hw03-mallory", mallory_head)
    ]

    work = tmp_path / "work"
    fetched = actions(
        "fetch-heads", "--heads", str(heads), "--shard", "0", "--shards", "1",
        "--work", str(work), token=grader_token,
    )  # fmt: skip
    (folder,) = work.iterdir()
    assert tree_of(folder / "submission") == fake.trees[mallory_head]

    # A mistake in the workflow gives the grade step the secrets: they still never reach the
    # student's app (the step starts again without them, and the sandbox clears the rest).
    graded = actions(
        "grade", "--work", str(work), "--jobs", "1",
        token=grader_token, CLASSROOM_TOKEN=SECRET, COURSEWARE_DEPLOY_KEY=SECRET,
    )  # fmt: skip
    result = json.loads((folder / "result.json").read_text())
    notes = " ".join(result["notes"])
    assert result["score"] == 0 and "did not start" in notes
    assert "ENV-DUMP" in notes and "SEED_SAMPLE_DATA" in notes

    reported = actions("report", "--work", str(work), token=grader_token)
    (comment,) = [c for c in fake.comments_on("cs-course/hw03-mallory", 1) if c["id"] != 2]
    assert comment["user"]["login"] == grader
    assert "### hw03: 0 / 100 points" in comment["body"] and "ENV-DUMP" in comment["body"]
    assert fake.statuses[-1]["by"] == grader and fake.statuses[-1]["state"] == "failure"
    assert "cs-course/hw03-mallory #1" in reported["summary"]

    everything = [json.dumps(result), comment["body"], reported["summary"]]
    everything += [run["log"] for run in (found, fetched, graded, reported)]
    assert all(SECRET not in text and grader_token not in text for text in everything)

    # The grades of record are written (the workflow commits them), and the next scheduled
    # run finds nothing new.
    actions("record", "--work", str(work), "--records", str(records))
    again = actions(*find, token=grader_token)
    assert again["outputs"]["count"] == "0"

    # Mallory administers her repository: she marks her head as passed and edits the
    # grader's comment to claim a later head is graded too, then pushes that head.
    fake.statuses.append(
        {"repository": "cs-course/hw03-mallory", "sha": mallory_head, "by": "mallory",
         "state": "success", "context": "coursehub/hw03", "description": "100/100 points"}
    )  # fmt: skip
    newer = mallory_head[::-1]
    comment["body"] = marker("hw03", newer)
    fake.push("cs-course/hw03-mallory", 1, newer)
    forged = actions(*find, token=grader_token)
    assert forged["outputs"]["count"] == "1"  # the new head is graded all the same
    fake.push("cs-course/hw03-mallory", 1, mallory_head)
    restored = actions(*find, token=grader_token)
    assert restored["outputs"]["count"] == "0" and "put back" in restored["log"]
    newest = [s for s in fake.statuses if s["sha"] == mallory_head][-1]
    assert (newest["by"], newest["state"]) == (grader, "failure")


def test_a_tarball_with_links_or_escaping_paths_gives_plain_files_only(tmp_path, httpserver):
    fake = FakeGitHub(httpserver, {TOKEN: "grader"})
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for name, data in (("top/app.py", b"ok\n"), ("top/../../escape.py", b"no\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("top/secret")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        tar.addfile(link)
    fake.tarballs["abc"] = archive.getvalue()
    fetch_tarball(GitHub(fake.url, TOKEN), "o/r", "abc", tmp_path / "submission")
    assert tree_of(tmp_path / "submission") == {"app.py": git_blob_sha(b"ok\n")}
    assert not (tmp_path / "escape.py").exists()


def test_a_classroom_configuration_with_placeholders_is_refused(tmp_path):
    grading = export_week(4, tmp_path / "student", "classroom").grading
    assert grading is not None
    with pytest.raises(CourseError, match="set `organization`"):
        load_classroom(grading / "classroom.toml")
    classroom = load_classroom(classroom_config(grading, "cs-course", "course-grader"))
    assert classroom.prefixes == {"hw03": "hw03-"} and classroom.max_runners == 4
