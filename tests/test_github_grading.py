"""Pull-request grading as the workflows run it, on exported repositories, with GitHub faked.

Each step runs as the workflow runs it (`python -m autograder.github ...` in a fresh process,
with the variables GitHub Actions sets: event payload, output file, step-summary file), and
the REST API is a fake at the HTTP level (pytest-httpserver) that keeps pull requests,
comments, statuses, git trees and tarballs in memory. Grading is real: the sandbox, the app,
the hidden suite.
"""

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from werkzeug import Request, Response

from autograder.github import (
    COMMENT_LIMIT,
    GitHub,
    Plan,
    comment_body,
    commit_status,
    fetch_tarball,
    find_comment,
    git_blob_sha,
    load_classroom,
    marker,
    scrubbed_environment,
)
from autograder.grade import grade
from autograder.results import GradeResult
from autograder.results import TestResult as Check  # not collected as a test class
from autograder.sandbox import bubblewrap
from autograder.spec import ASSIGNMENTS_DIR
from course.errors import CourseError
from course.export import export_week
from course.render import render_tree
from course.term import REPO_ROOT

CLASS_REPOSITORY = "staff/coursehub-spring"
TOKEN = "ghs_fake-token-for-the-tests"
SECRET = "s3cr3t-deploy-key-value-that-must-never-leak"
HIDDEN_SUITE = ASSIGNMENTS_DIR / "hw03/hidden/test_hw03_hidden_contracts.py"

needs_bubblewrap = pytest.mark.skipif(bubblewrap() is None, reason="bubblewrap is not installed")


# --- a fake GitHub ----------------------------------------------------------------------------


class FakeGitHub:
    """The REST endpoints the grading steps use, in memory. Lists come two items a page, so
    that every list is read through its `Link: rel="next"` pages."""

    PAGE = 2

    def __init__(self, server: Any, logins: dict[str, str]) -> None:
        self.server = server
        self.logins = logins  # token -> the login its comments and statuses are written as
        self.pulls: dict[tuple[str, int], dict] = {}
        self.trees: dict[str, dict[str, str]] = {}  # commit sha -> {path: blob sha}
        self.tarballs: dict[str, bytes] = {}
        self.comments: list[dict] = []
        self.statuses: list[dict] = []
        self.org_repos: dict[str, list[dict]] = {}
        self.calls: list[tuple[str, str]] = []
        server.expect_request(re.compile(r"^/.*$")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    # -- state the tests set up --
    def open_pull(self, repository: str, number: int, owner: str, branch: str, sha: str) -> None:
        self.pulls[(repository, number)] = {
            "number": number,
            "state": "open",
            "head": {"sha": sha, "ref": branch, "label": f"{owner}:{branch}"},
            "base": {"repo": {"full_name": repository}},
        }

    def push(self, repository: str, number: int, sha: str) -> None:
        self.pulls[(repository, number)]["head"]["sha"] = sha

    def comments_on(self, repository: str, number: int) -> list[dict]:
        return [c for c in self.comments if (c["repository"], c["number"]) == (repository, number)]

    def writes(self) -> list[tuple[str, str]]:
        return [call for call in self.calls if call[0] in ("POST", "PATCH")]

    # -- the API --
    def handle(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        if request.path.startswith("/codeload/"):  # where a tarball request is redirected
            return Response(self.tarballs[request.path.rsplit("/", 1)[-1]], 200)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.logins:
            return self._json({"message": "Bad credentials"}, 401)
        login = self.logins[token]
        path, method = request.path, request.method
        body = json.loads(request.get_data() or b"{}")
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls", path):
            head = request.args.get("head")
            pulls = [
                p
                for (repository, _), p in sorted(self.pulls.items())
                if repository == found.group(1) and (head is None or p["head"]["label"] == head)
            ]
            return self._page(request, pulls)
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/pulls/(\d+)", path):
            return self._json(self.pulls[(found.group(1), int(found.group(2)))])
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/git/trees/(\w+)", path):
            files = self.trees[found.group(1)]
            tree = [
                {"path": p, "mode": "100644", "type": "blob", "sha": s} for p, s in files.items()
            ]
            return self._json({"sha": found.group(1), "tree": tree, "truncated": False})
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/tarball/(\w+)", path):
            return Response(status=302, headers={"Location": f"{self.url}/codeload/{found[1]}"})
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments", path):
            repository, number = found.group(1), int(found.group(2))
            if method == "POST":
                comment = {
                    "id": 1000 + len(self.comments),
                    "repository": repository,
                    "number": number,
                    "body": body["body"],
                    "user": {"login": login},
                    "html_url": f"https://github.example/{repository}/pull/{number}#c",
                }
                self.comments.append(comment)
                return self._json(comment, 201)
            return self._page(request, self.comments_on(repository, number))
        if found := re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", path):
            comment = next(c for c in self.comments if c["id"] == int(found.group(1)))
            comment["body"] = body["body"]
            return self._json(comment)
        if found := re.fullmatch(r"/repos/([^/]+/[^/]+)/statuses/(\w+)", path):
            self.statuses.append({"repository": found[1], "sha": found[2], "by": login, **body})
            return self._json(body, 201)
        if found := re.fullmatch(r"/orgs/([^/]+)/repos", path):
            return self._page(request, self.org_repos.get(found.group(1), []))
        return self._json({"message": "Not Found"}, 404)

    def _json(self, data: Any, status: int = 200) -> Response:
        return Response(json.dumps(data), status, content_type="application/json")

    def _page(self, request: Request, items: list[dict]) -> Response:
        page = int(request.args.get("page", "1"))
        chunk = items[(page - 1) * self.PAGE : page * self.PAGE]
        response = self._json(chunk)
        if page * self.PAGE < len(items):
            query = {k: v[0] for k, v in parse_qs(request.query_string.decode()).items()}
            query["page"] = str(page + 1)
            link = "&".join(f"{k}={v}" for k, v in query.items())
            response.headers["Link"] = f'<{self.url}{request.path}?{link}>; rel="next"'
        return response


# --- what a commit, an artifact and a workflow step are here ------------------------------


def tree_of(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): git_blob_sha(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def commit(fake: FakeGitHub, folder: Path) -> str:
    """Record a folder as a commit: its tree (and tarball) become readable through the API."""
    files = tree_of(folder)
    sha = hashlib.sha1(json.dumps(files, sort_keys=True).encode()).hexdigest()
    fake.trees[sha] = files
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        for relative in files:
            tar.add(folder / relative, arcname=f"owner-repo-{sha[:7]}/{relative}")
    fake.tarballs[sha] = archive.getvalue()
    return sha


def package(folder: Path, artifact: Path) -> Path:
    """What the untrusted run uploads: the commit's files (`git archive HEAD`)."""
    if artifact.exists():
        shutil.rmtree(artifact)
    shutil.copytree(folder, artifact)
    return artifact


@pytest.fixture
def actions(tmp_path: Path, httpserver):
    """Run one workflow step as GitHub Actions would; each call gets fresh output files."""
    runs: list[dict[str, Any]] = []

    def step(*arguments: str, token: str | None = None, event: dict | None = None, **env: str):
        index = len(runs)
        output, summary = tmp_path / f"output-{index}", tmp_path / f"summary-{index}.md"
        output.touch()
        summary.touch()
        environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONDONTWRITEBYTECODE": "1",
            "GITHUB_API_URL": httpserver.url_for("/").rstrip("/"),
            "GITHUB_REPOSITORY": CLASS_REPOSITORY,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        if token:
            environment["GITHUB_TOKEN"] = token
        if event is not None:
            event_file = tmp_path / f"event-{index}.json"
            event_file.write_text(json.dumps(event))
            environment["GITHUB_EVENT_PATH"] = str(event_file)
        completed = subprocess.run(
            [sys.executable, "-m", "autograder.github", *arguments],
            cwd=tmp_path,
            env=environment | env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        record = {
            "log": completed.stdout + completed.stderr,
            "outputs": dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            ),
            "summary": summary.read_text(),
        }
        runs.append(record)
        return record

    step.runs = runs  # type: ignore[attr-defined]
    return step


def workflow_run_event(sha: str, owner: str = "alice", branch: str = "hw03") -> dict:
    """The `workflow_run` payload of a finished "Visible tests" run of a fork's pull request
    (`pull_requests` is empty for forks, as GitHub sends it)."""
    return {
        "action": "completed",
        "workflow_run": {
            "id": 4242,
            "name": "Visible tests",
            "event": "pull_request",
            "conclusion": "failure",
            "head_sha": sha,
            "head_branch": branch,
            "head_repository": {"full_name": f"{owner}/coursehub", "owner": {"login": owner}},
            "pull_requests": [],
        },
    }


def hidden_lines() -> set[str]:
    """Lines of code only the hidden suite has (not those it shares with the app or with the
    visible tests, such as an import or a URL)."""
    shared = "\n".join(
        item.content.decode(errors="replace") for item in render_tree(4, "reference")
    )
    return {
        line.strip()
        for line in HIDDEN_SUITE.read_text().splitlines()
        if len(line.strip()) > 25
        and not line.strip().startswith('"""')
        and line.strip() not in shared
    }


def assert_no_hidden_test_text(*texts: str, code_allowed: bool = False) -> None:
    shown = "\n".join(texts)
    assert [line for line in hidden_lines() if line in shown] == []
    if not code_allowed:
        assert "def test_" not in shown and "assert " not in shown


def trusted_job(actions, tmp_path: Path, name: str, event: dict, artifact: Path) -> list[dict]:
    """The steps of grade.yml after its installs, each on a fresh runner's work folder: check
    the submission (token), grade in the sandbox if told to (no token), answer (token)."""
    work = tmp_path / f"work-{name}"
    prepare = actions(
        "prepare-artifact", "--assignment", "hw03", "--artifact", str(artifact),
        "--work", str(work), token=TOKEN, event=event,
    )  # fmt: skip
    steps = [prepare]
    if prepare["outputs"].get("grade") == "true":
        steps.append(actions("grade", "--work", str(work), "--jobs", "1"))
    steps.append(actions("report", "--work", str(work), token=TOKEN))
    return steps


# --- the fork deployment, end to end -------------------------------------------------------------


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


# --- the classroom deployment, end to end ---------------------------------------------------


def hostile_env_dump(app: Path) -> None:
    """An app that prints every environment it can reach, then stops: its output tail is
    shown to the student as the reason the app did not start."""
    main = app / "coursehub/main.py"
    main.write_text(
        main.read_text() + "\nimport os as _os, sys as _sys\n"
        "def _read(path):\n"
        "    try:\n"
        "        with open(path, 'rb') as handle:\n"
        "            return handle.read().replace(b'\\0', b' ').decode(errors='replace')\n"
        "    except OSError as error:\n"
        "        return f'unreadable {path}: {error.strerror}'\n"
        "print('ENV-DUMP', dict(_os.environ), _read('/proc/self/environ'),\n"
        "      _read('/proc/1/environ'), _read(f'/proc/{_os.getppid()}/environ'), flush=True)\n"
        "_sys.exit(3)\n"
    )


def classroom_config(grading: Path, organization: str, login: str) -> Path:
    config = grading / "classroom.toml"
    text = config.read_text()
    text = text.replace("REPLACE-WITH-YOUR-CLASSROOM-ORGANIZATION", organization)
    config.write_text(text.replace("REPLACE-WITH-THE-GRADER-ACCOUNT", login))
    return config


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
    # Bob's head is graded already; a comment that copies the marker counts only when the
    # grader wrote it.
    fake.comments.append(
        {"id": 1, "repository": "cs-course/hw03-bob", "number": 1, "user": {"login": grader},
         "body": marker("hw03", bob_head), "html_url": "x"}
    )  # fmt: skip
    fake.comments.append(
        {"id": 2, "repository": "cs-course/hw03-mallory", "number": 1,
         "user": {"login": "mallory"}, "body": marker("hw03", mallory_head), "html_url": "y"}
    )  # fmt: skip

    heads = tmp_path / "heads.json"
    found = actions("find-heads", "--config", str(config), "--out", str(heads), token=grader_token)
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

    # The next scheduled run finds nothing new.
    again = actions("find-heads", "--config", str(config), "--out", str(heads), token=grader_token)
    assert again["outputs"]["count"] == "0"


@needs_bubblewrap
def test_a_secret_in_the_graders_environment_never_reaches_the_students_process(
    tmp_path, monkeypatch
):
    """The sandbox's own guarantee, without the step's restart: the grading process holds the
    secret, the student's app sees none of it (environment or /proc)."""
    app = export_week(4, tmp_path / "hostile", "fork").student
    hostile_env_dump(app)
    monkeypatch.setenv("COURSEWARE_DEPLOY_KEY", SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    result = grade("hw03", app)
    shown = json.dumps(result.to_dict())
    assert "ENV-DUMP" in shown and "SEED_SAMPLE_DATA" in shown
    assert SECRET not in shown


# --- the pieces ------------------------------------------------------------------------------


def test_git_blob_ids_are_gits():
    assert git_blob_sha(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert git_blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_credentials_are_scrubbed_from_the_grading_environment():
    environment = {
        "PATH": "/usr/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONPATH": "/courseware",
        "GITHUB_TOKEN": "x",
        "CLASSROOM_TOKEN": "x",
        "COURSEWARE_DEPLOY_KEY": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "ACTIONS_RUNTIME_TOKEN": "x",
        "ACTIONS_ID_TOKEN_REQUEST_URL": "x",
        "DATABASE_PASSWORD": "x",
    }
    assert scrubbed_environment(environment) == {
        "PATH": "/usr/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONPATH": "/courseware",
    }


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


def test_commit_status_is_success_only_at_full_marks():
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    full = GradeResult("hw03", "s", 100, 100, [])
    partial = GradeResult("hw03", "s", 75, 100, [])
    assert commit_status(full, plan)[0] == "success"
    assert commit_status(partial, plan) == ("failure", "75/100 points: 0 of 0 checks passed")
    assert commit_status(None, plan)[0] == "error"


def test_a_classroom_configuration_with_placeholders_is_refused(tmp_path):
    grading = export_week(4, tmp_path / "student", "classroom").grading
    assert grading is not None
    with pytest.raises(CourseError, match="set `organization`"):
        load_classroom(grading / "classroom.toml")
    classroom = load_classroom(classroom_config(grading, "cs-course", "course-grader"))
    assert classroom.prefixes == {"hw03": "hw03-"} and classroom.max_runners == 4


def test_grading_refuses_to_run_without_the_sandbox_unless_told(tmp_path):
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    (tmp_path / "work" / plan.key / "submission").mkdir(parents=True)
    (tmp_path / "work" / plan.key / "plan.json").write_text(json.dumps(asdict(plan)))
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "autograder.github", "grade", "--work", str(tmp_path / "work")],
        cwd=tmp_path,
        env={"PATH": str(empty_bin), "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "refusing to run students' code outside the sandbox" in completed.stderr
    # The student is told the grader failed (by the report step), not left waiting.
    assert (tmp_path / "work" / plan.key / "error.json").exists()
    assert not (tmp_path / "work" / plan.key / "result.json").exists()


def test_a_comment_too_long_for_github_keeps_the_failed_checks_first():
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    tests = [Check(f"check {i}", 0, 1, "failed", "Expected: something. " * 40) for i in range(200)]
    body = comment_body(plan, GradeResult("hw03", "s", 0, 200, tests), "")
    assert len(body) <= COMMENT_LIMIT + 500
    assert body.startswith(marker("hw03", plan.head_sha))
    assert "| check 0 |" in body and "did not fit in a comment" in body
    assert body.rstrip().endswith("newest score.</sub>")
