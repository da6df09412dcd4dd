"""What the grading workflows run: `python -m autograder.github COMMAND`.

Both deployments (autograder/DEPLOYMENTS.md) grade in the same three steps, each with only the
privilege it needs:

1. Gather (holds a token, runs nothing from a student): decide what to grade and put each
   submission in a work folder, `WORK/<key>/plan.json` + `WORK/<key>/submission/`.
   - `prepare-artifact` (fork deployment, in the trusted `workflow_run` job): the pull request
     is found from the event (never from the artifact, which the student's run made), the
     artifact must be exactly the files of the pull request's commit (compared with the
     commit's git tree through the API), and a commit that already has a grade is skipped.
   - `find-heads` then `fetch-heads` (classroom deployment, in the staff's grading repository):
     open pull requests across the class's repositories whose head commit has no grade yet,
     split over several runners; each runner downloads its share as tarballs (data, not a
     checkout).
2. `grade` (holds no token; runs as root so that the sandbox can drop to an unprivileged uid):
   grades every prepared submission with `autograder.grade.grade`, in the sandbox, and writes
   `result.json`. It re-executes itself without any variable that looks like a credential, and
   refuses to run without bubblewrap unless told `--allow-unsandboxed`.
3. `report` (holds a token, runs nothing from a student): one comment per pull request, found
   by a hidden marker and by its author and updated in place on each push; a commit status;
   and the job's step summary. The marker records the graded commit, which is how an
   unchanged head is recognised and not graded again.

What students can see (comment, status, summary, this program's output) is built only from the
`GradeResult`, whose messages never quote test code (see `live_plugin.student_message`).

The GitHub API is reached at `GITHUB_API_URL` with the token in `GITHUB_TOKEN`; the other
inputs are the variables GitHub Actions sets (`GITHUB_REPOSITORY`, `GITHUB_EVENT_PATH`,
`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`).
"""

import argparse
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from autograder.results import GradeResult, as_markdown
from autograder.sandbox import bubblewrap
from autograder.submission import MAX_BYTES, MAX_FILES
from course.errors import CourseError

ACTIONS_BOT = "github-actions[bot]"
STATUS_PREFIX = "coursehub"
COMMENT_LIMIT = 60_000  # characters; GitHub's own limit is 65,536
_MARKER = re.compile(r"<!-- coursehub-grader assignment=(\S+) head=(\S*) -->")
# Names of variables that may hold a credential: never passed on to anything that grades.
_SENSITIVE = re.compile(
    r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_KEY|^KEY|^ACTIONS_|^GH_|^GITHUB_",
    re.IGNORECASE,
)
_RETRIED_STATUSES = {500, 502, 503, 504}


class GitHubError(CourseError):
    """The API refused or failed; the message names the request, never the token."""


# --- the API ----------------------------------------------------------------------------------


class GitHub:
    def __init__(self, api_url: str, token: str, *, retry_pause: float = 2.0) -> None:
        if not token:
            raise CourseError("GITHUB_TOKEN is not set: this step needs a token for the API")
        self.retry_pause = retry_pause
        self.client = httpx.Client(
            base_url=api_url.rstrip("/"),
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "coursehub-grader",
            },
            timeout=60,
            # httpx drops the Authorization header when a redirect leaves the API's host.
            follow_redirects=True,
        )

    @classmethod
    def from_environment(cls) -> "GitHub":
        return cls(
            os.environ.get("GITHUB_API_URL", "https://api.github.com"),
            os.environ.get("GITHUB_TOKEN", ""),
        )

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        for attempt in range(3):
            try:
                response = self.client.request(method, path, **options)
            except httpx.TransportError as error:
                if attempt == 2:
                    raise GitHubError(f"{method} {path}: {type(error).__name__}") from None
            else:
                if response.status_code not in _RETRIED_STATUSES or attempt == 2:
                    break
            time.sleep(self.retry_pause * (attempt + 1))
        if response.status_code >= 400:
            try:
                message = response.json().get("message", "")
            except ValueError:
                message = response.text[:200]
            raise GitHubError(f"{method} {path}: {response.status_code} {message}".strip())
        return response

    def download(self, path: str, limit: int) -> bytes:
        """A binary response of at most `limit` bytes (an archive), read as it streams."""
        chunks, size = [], 0
        with self.client.stream("GET", path) as response:
            if response.status_code >= 400:
                raise GitHubError(f"GET {path}: {response.status_code}")
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise CourseError(f"the download is over {limit // 2**20} MB")
                chunks.append(chunk)
        return b"".join(chunks)

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None).json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("POST", path, json=body).json()

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("PATCH", path, json=body).json()

    def paginate(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, following the `Link: rel="next"` pages."""
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": 100, **params}
        while url:
            response = self.request("GET", url, params=query)
            yield from response.json()
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries the query

    def close(self) -> None:
        self.client.close()


# --- the work folder --------------------------------------------------------------------------


@dataclass
class Plan:
    """One pull-request head to grade (or to answer without grading, when `problem` says why)."""

    assignment: str
    repository: str  # owner/name holding the pull request
    pull_request: int
    head_sha: str
    author: str  # the login whose comments and statuses are the grades
    grade: bool = True
    problem: str = ""  # shown to the student instead of a score

    @property
    def key(self) -> str:
        return f"{self.repository.replace('/', '--')}--{self.pull_request}"

    @property
    def label(self) -> str:
        return f"{self.assignment} {self.repository}#{self.pull_request} {self.head_sha[:7]}"


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)


def save_plan(work: Path, plan: Plan) -> Path:
    folder = work / plan.key
    write_json(folder / "plan.json", asdict(plan))
    return folder


def entries(work: Path) -> list[tuple[Path, Plan]]:
    if not work.is_dir():
        return []
    found = []
    for plan_file in sorted(work.glob("*/plan.json")):
        found.append((plan_file.parent, Plan(**json.loads(plan_file.read_text(encoding="utf-8")))))
    return found


def set_output(name: str, value: str) -> None:
    """A step output for the workflow (`steps.<id>.outputs.<name>`)."""
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(f"{name}={value}\n")


# --- grades already given ---------------------------------------------------------------------


def marker(assignment: str, head_sha: str) -> str:
    return f"<!-- coursehub-grader assignment={assignment} head={head_sha} -->"


def find_comment(
    api: GitHub, repository: str, number: int, assignment: str, author: str
) -> dict[str, Any] | None:
    """The grading comment of this assignment on this pull request: written by the grader's
    account (a student can copy the marker into a comment of their own; that one never counts)."""
    mine = None
    for comment in api.paginate(f"/repos/{repository}/issues/{number}/comments"):
        found = _MARKER.search(comment.get("body") or "")
        if found and found.group(1) == assignment and comment["user"]["login"] == author:
            mine = comment
    return mine


def graded_head(comment: dict[str, Any] | None) -> str | None:
    found = _MARKER.search(comment["body"]) if comment else None
    if found is None:
        return None
    return found.group(2) or None


# --- gather: the fork deployment --------------------------------------------------------------


def git_blob_sha(content: bytes) -> str:
    """The id git gives a file's content (what a tree lists for it)."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def commit_files(api: GitHub, repository: str, sha: str) -> dict[str, str]:
    """{path: blob sha} of every regular file of a commit (symlinks and submodules are not
    graded, so they are left out)."""
    tree = api.get(f"/repos/{repository}/git/trees/{sha}", recursive="1")
    if tree.get("truncated"):
        raise CourseError(f"the commit has more files than the API lists (over {MAX_FILES})")
    return {
        item["path"]: item["sha"]
        for item in tree.get("tree", [])
        if item.get("type") == "blob" and item.get("mode") in ("100644", "100755")
    }


def folder_files(folder: Path) -> dict[str, str]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        files[path.relative_to(folder).as_posix()] = git_blob_sha(path.read_bytes())
    return files


def artifact_problem(api: GitHub, repository: str, sha: str, artifact: Path) -> str:
    """Why the artifact is not exactly the commit's files ("" when it is)."""
    if not artifact.is_dir() or not any(artifact.iterdir()):
        return (
            "No submission was uploaded by the *Visible tests* run of this commit, so it could "
            "not be graded. Do not change `.github/workflows/`; push again to retry."
        )
    try:
        expected = commit_files(api, repository, sha)
    except CourseError as error:
        return f"This commit could not be graded: {error}."
    uploaded = folder_files(artifact)
    differing = sorted(
        path
        for path in expected.keys() | uploaded.keys()
        if expected.get(path) != uploaded.get(path)
    )
    if not differing:
        return ""
    shown = ", ".join(f"`{path}`" for path in differing[:5])
    more = f" and {len(differing) - 5} more" if len(differing) > 5 else ""
    return (
        f"The files uploaded for grading are not the files of commit `{sha[:7]}` ({shown}{more} "
        "differ), so it was not graded. The *Visible tests* workflow must upload the commit "
        "unchanged: do not change `.github/workflows/`, and push again."
    )


def pull_request_of_run(api: GitHub, repository: str, run: dict[str, Any]) -> dict | None:
    """The open pull request whose head is the run's commit, found from the event alone
    (`workflow_run.pull_requests` is empty for pull requests from forks)."""
    head = run.get("head_repository") or {}
    owner = (head.get("owner") or {}).get("login")
    if not owner or not run.get("head_branch"):
        return None
    for pull in api.paginate(
        f"/repos/{repository}/pulls", state="open", head=f"{owner}:{run['head_branch']}"
    ):
        if pull["head"]["sha"] == run["head_sha"]:
            return pull
    return None


def prepare_artifact(
    api: GitHub, repository: str, event: dict[str, Any], assignment: str, artifact: Path, work: Path
) -> Plan | None:
    run = event.get("workflow_run")
    if not isinstance(run, dict):
        raise CourseError("prepare-artifact reads a `workflow_run` event (GITHUB_EVENT_PATH)")
    if run.get("event") != "pull_request":
        print(f"The run was for a {run.get('event')} event, not a pull request: nothing to grade.")
        return None
    pull = pull_request_of_run(api, repository, run)
    if pull is None:
        print(
            f"No open pull request has commit {run['head_sha'][:7]} as its head (closed, or "
            "pushed to again: the newer push is graded by its own run). Nothing to grade."
        )
        return None
    plan = Plan(assignment, repository, pull["number"], run["head_sha"], ACTIONS_BOT)
    comment = find_comment(api, repository, plan.pull_request, assignment, plan.author)
    if graded_head(comment) == plan.head_sha:
        print(f"{plan.label}: this commit is already graded; not grading it again.")
        plan.grade = False
        save_plan(work, plan)
        return plan
    plan.problem = artifact_problem(api, repository, plan.head_sha, artifact)
    folder = save_plan(work, plan)
    if not plan.problem:
        shutil.copytree(artifact, folder / "submission", symlinks=True)
    print(f"{plan.label}: {plan.problem or 'ready to grade'}")
    return plan


# --- gather: the classroom deployment ---------------------------------------------------------


@dataclass(frozen=True)
class Classroom:
    organization: str
    grader_login: str
    max_runners: int
    prefixes: dict[str, str]  # assignment id -> repository name prefix


def load_classroom(path: Path) -> Classroom:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"no classroom configuration at {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{path}: not valid TOML ({error})") from None
    for key in ("organization", "grader_login"):
        value = data.get(key)
        if not isinstance(value, str) or not value or value.startswith("REPLACE-WITH"):
            raise CourseError(f"{path}: set `{key}` (see the comments in the file)")
    runners = data.get("max_runners", 4)
    if not isinstance(runners, int) or not 1 <= runners <= 64:
        raise CourseError(f"{path}: `max_runners` must be a whole number from 1 to 64")
    prefixes = {}
    for block in data.get("assignment", []):
        if not isinstance(block.get("id"), str) or not isinstance(
            block.get("repository_prefix"), str
        ):
            raise CourseError(f"{path}: each [[assignment]] needs `id` and `repository_prefix`")
        prefixes[block["id"]] = block["repository_prefix"]
    if not prefixes:
        raise CourseError(f"{path}: add at least one [[assignment]] block")
    return Classroom(data["organization"], data["grader_login"], runners, prefixes)


def find_heads(api: GitHub, classroom: Classroom) -> list[Plan]:
    """Open pull requests of the class's repositories whose head has no grade yet."""
    from autograder.spec import load_assignment

    for assignment in classroom.prefixes:
        load_assignment(assignment)  # an unknown assignment is a configuration error
    heads = []
    for repository in api.paginate(f"/orgs/{classroom.organization}/repos", type="all"):
        if repository.get("archived"):
            continue
        matches = [
            assignment
            for assignment, prefix in classroom.prefixes.items()
            if repository["name"].startswith(prefix)
        ]
        if not matches:
            continue
        name = repository["full_name"]
        for pull in api.paginate(f"/repos/{name}/pulls", state="open"):
            plan = Plan(
                matches[0], name, pull["number"], pull["head"]["sha"], classroom.grader_login
            )
            comment = find_comment(api, name, plan.pull_request, plan.assignment, plan.author)
            if graded_head(comment) != plan.head_sha:
                heads.append(plan)
    return heads


def fetch_tarball(api: GitHub, repository: str, sha: str, destination: Path) -> None:
    """The commit's files, from the API's tarball, as plain files only: no links, no paths
    outside `destination`, and within the grader's size limits."""
    content = api.download(f"/repos/{repository}/tarball/{sha}", MAX_BYTES)
    destination.mkdir(parents=True)
    total = files = 0
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:*") as archive:
        for member in archive:
            parts = Path(member.name).parts[1:]  # the archive's top folder is owner-repo-sha
            if not member.isfile() or not parts or ".." in parts or Path(member.name).is_absolute():
                continue
            files += 1
            total += member.size
            if files > MAX_FILES or total > MAX_BYTES:
                raise CourseError(
                    f"the commit is too large to grade (over {MAX_FILES} files or "
                    f"{MAX_BYTES // 2**20} MB)"
                )
            source = archive.extractfile(member)
            if source is None:
                continue
            target = destination.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read())


def fetch_heads(api: GitHub, heads: list[Plan], shard: int, shards: int, work: Path) -> list[Plan]:
    if not 0 <= shard < shards:
        raise CourseError(f"--shard must be from 0 to {shards - 1}")
    mine = heads[shard::shards]
    for plan in mine:
        folder = save_plan(work, plan)
        try:
            fetch_tarball(api, plan.repository, plan.head_sha, folder / "submission")
        except CourseError as error:
            plan.problem = f"This commit could not be graded: {error}."
            save_plan(work, plan)
        print(f"{plan.label}: {plan.problem or 'ready to grade'}")
    return mine


# --- grade ------------------------------------------------------------------------------------


def scrubbed_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment without anything that may be a credential."""
    return {key: value for key, value in environ.items() if not _SENSITIVE.search(key)}


def grade_work(work: Path, *, jobs: int, allow_unsandboxed: bool) -> list[tuple[Plan, str]]:
    """Grade every prepared submission that has no result yet; (plan, one-line outcome)."""
    from autograder.grade import grade

    todo = [
        (folder, plan)
        for folder, plan in entries(work)
        if plan.grade
        and not plan.problem
        and not (folder / "result.json").exists()
        and (folder / "submission").is_dir()
    ]
    if bubblewrap() is None and not allow_unsandboxed:
        for folder, _ in todo:  # the students are told the grader failed, not left waiting
            write_json(folder / "error.json", {"error": "no sandbox"})
        raise CourseError(
            "bubblewrap is not installed (apt-get install bubblewrap): refusing to run "
            "students' code outside the sandbox (--allow-unsandboxed overrides)"
        )
    slots = list(range(max(jobs, 1)))

    def one(index: int, folder: Path, plan: Plan) -> tuple[Plan, str]:
        slot = slots[index % len(slots)]
        try:
            result = grade(plan.assignment, folder / "submission", slot=slot)
        except Exception as error:
            # The grader's failure, not the student's: recorded, and retried next time. The
            # message goes to the staff's log only.
            write_json(folder / "error.json", {"error": type(error).__name__})
            return plan, f"the grader failed: {type(error).__name__}: {error}"
        write_json(folder / "result.json", result.to_dict())
        return plan, f"{result.score:g}/{result.max_score:g}"

    with ThreadPoolExecutor(max_workers=len(slots)) as pool:
        futures = [pool.submit(one, i, folder, plan) for i, (folder, plan) in enumerate(todo)]
        outcomes = [future.result() for future in futures]
    for plan, outcome in outcomes:
        print(f"{plan.label}: {outcome}")
    return outcomes


# --- report -----------------------------------------------------------------------------------


def comment_body(plan: Plan, result: GradeResult | None, failure: str) -> str:
    """The one comment: marker, then the score and the table (or why there is none)."""
    head = plan.head_sha if result is not None or plan.problem else ""
    lines = [marker(plan.assignment, head)]
    if result is not None:
        lines.append(as_markdown(result).rstrip("\n"))
    else:
        lines += [f"### {plan.assignment}: not graded", "", plan.problem or failure]
    footer = (
        f"\n<sub>Commit `{plan.head_sha[:7]}`. Each push to this pull request is graded again "
        "and this comment is updated with the newest score.</sub>\n"
    )
    text = "\n".join(lines)
    if len(text) + len(footer) > COMMENT_LIMIT:
        # GitHub refuses longer comments; failed checks come first, so those are kept.
        text = text[: text.rfind("\n", 0, COMMENT_LIMIT - len(footer) - 200)]
        text += "\n\n(The rest of the table did not fit in a comment.)"
    return text + "\n" + footer


def commit_status(result: GradeResult | None, plan: Plan) -> tuple[str, str]:
    """(state, description) of the commit status: success only at full marks."""
    if result is None:
        if plan.problem:
            return "error", "Not graded: see the comment on the pull request"
        return "error", "The grader failed on this commit; it will be graded again"
    state = "success" if result.score >= result.max_score else "failure"
    checks = f"{result.passed} of {len(result.tests)} checks passed"
    return state, f"{result.score:g}/{result.max_score:g} points: {checks}"[:140]


def report_one(api: GitHub, folder: Path, plan: Plan) -> str | None:
    """Answer on one pull request; the comment's Markdown, or None when nothing was said."""
    result_file = folder / "result.json"
    result = None
    if result_file.exists():
        result = GradeResult.from_dict(json.loads(result_file.read_text(encoding="utf-8")))
    failure = ""
    if result is None and not plan.problem:
        if not (folder / "error.json").exists():
            return None  # not graded (e.g. the grade step did not run): say nothing
        failure = (
            "The grader failed on this commit (not your code's fault as far as we can tell). "
            "Course staff can see the run; it is graded again on the next try."
        )
    state, description = commit_status(result, plan)
    pull = api.get(f"/repos/{plan.repository}/pulls/{plan.pull_request}")
    body = comment_body(plan, result, failure)
    comment_url = None
    if pull["head"]["sha"] == plan.head_sha:
        existing = find_comment(
            api, plan.repository, plan.pull_request, plan.assignment, plan.author
        )
        if existing:
            comment = api.patch(
                f"/repos/{plan.repository}/issues/comments/{existing['id']}", {"body": body}
            )
        else:
            comment = api.post(
                f"/repos/{plan.repository}/issues/{plan.pull_request}/comments", {"body": body}
            )
        comment_url = comment.get("html_url")
    else:
        # Pushed to again while this commit was graded: the comment is the newer push's.
        print(f"{plan.label}: the pull request has a newer commit; status only, no comment")
    status = {
        "state": state,
        "context": f"{STATUS_PREFIX}/{plan.assignment}",
        "description": description,
    }
    if comment_url:
        status["target_url"] = comment_url
    api.post(f"/repos/{plan.repository}/statuses/{plan.head_sha}", status)
    print(f"{plan.label}: {state}, {description}")
    return body


def report_work(api: GitHub, work: Path, summary: Path | None) -> int:
    """Answer on every pull request of the work folder; the number answered."""
    answered = []
    for folder, plan in entries(work):
        if not plan.grade and not plan.problem:
            continue
        body = report_one(api, folder, plan)
        if body is not None:
            answered.append((plan, body))
    if summary is not None and answered:
        with summary.open("a", encoding="utf-8") as handle:
            for plan, body in answered:
                handle.write(f"## {plan.repository} #{plan.pull_request}\n\n")
                handle.write(_MARKER.sub("", body).lstrip("\n") + "\n")
    return len(answered)


# --- the command line ---------------------------------------------------------------------


def _environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise CourseError(f"{name} is not set (GitHub Actions sets it in a workflow)")
    return value


def _prepare_artifact(arguments: argparse.Namespace) -> int:
    event = json.loads(Path(_environment("GITHUB_EVENT_PATH")).read_text(encoding="utf-8"))
    api = GitHub.from_environment()
    try:
        plan = prepare_artifact(
            api,
            _environment("GITHUB_REPOSITORY"),
            event,
            arguments.assignment,
            Path(arguments.artifact),
            Path(arguments.work),
        )
    finally:
        api.close()
    set_output("grade", "true" if plan and plan.grade and not plan.problem else "false")
    return 0


def _find_heads(arguments: argparse.Namespace) -> int:
    classroom = load_classroom(Path(arguments.config))
    api = GitHub.from_environment()
    try:
        heads = find_heads(api, classroom)
    finally:
        api.close()
    write_json(Path(arguments.out), [asdict(plan) for plan in heads])
    runners = max(1, min(classroom.max_runners, len(heads)))
    set_output("count", str(len(heads)))
    set_output("runners", str(runners))
    set_output("shards", json.dumps(list(range(runners))))
    for plan in heads:
        print(f"{plan.label}: to grade")
    print(f"{len(heads)} pull-request heads to grade on {runners} runner(s).")
    return 0


def _fetch_heads(arguments: argparse.Namespace) -> int:
    heads = [Plan(**data) for data in json.loads(Path(arguments.heads).read_text())]
    api = GitHub.from_environment()
    try:
        fetch_heads(api, heads, arguments.shard, arguments.shards, Path(arguments.work))
    finally:
        api.close()
    return 0


def _grade(arguments: argparse.Namespace) -> int:
    outcomes = grade_work(
        Path(arguments.work), jobs=arguments.jobs, allow_unsandboxed=arguments.allow_unsandboxed
    )
    print(f"{len(outcomes)} submission(s) graded.")
    return 0


def _report(arguments: argparse.Namespace) -> int:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    api = GitHub.from_environment()
    try:
        count = report_work(api, Path(arguments.work), Path(summary) if summary else None)
    finally:
        api.close()
    print(f"Answered on {count} pull request(s).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.github",
        description="The steps of the pull-request grading workflows (see DEPLOYMENTS.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    prepare = commands.add_parser(
        "prepare-artifact", help="fork deployment: check a workflow_run's artifact, plan it"
    )
    prepare.add_argument("--assignment", required=True)
    prepare.add_argument("--artifact", required=True, help="the downloaded submission artifact")
    prepare.add_argument("--work", required=True, help="the work folder to fill")
    prepare.set_defaults(handler=_prepare_artifact)

    find = commands.add_parser(
        "find-heads", help="classroom deployment: pull-request heads not graded yet"
    )
    find.add_argument("--config", required=True, help="classroom.toml")
    find.add_argument("--out", required=True, help="where to write the list (JSON)")
    find.set_defaults(handler=_find_heads)

    fetch = commands.add_parser(
        "fetch-heads", help="classroom deployment: download one runner's share of the heads"
    )
    fetch.add_argument("--heads", required=True, help="the list find-heads wrote")
    fetch.add_argument("--shard", type=int, required=True, help="this runner's number, from 0")
    fetch.add_argument("--shards", type=int, required=True, help="how many runners share it")
    fetch.add_argument("--work", required=True)
    fetch.set_defaults(handler=_fetch_heads)

    grade = commands.add_parser("grade", help="grade the work folder's submissions (no token)")
    grade.add_argument("--work", required=True)
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    grade.add_argument(
        "--allow-unsandboxed",
        action="store_true",
        help="grade even without bubblewrap (never on a runner that holds secrets)",
    )
    grade.set_defaults(handler=_grade)

    report = commands.add_parser("report", help="comment, commit status and step summary")
    report.add_argument("--work", required=True)
    report.set_defaults(handler=_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    arguments = build_parser().parse_args(argv)
    clean = scrubbed_environment(dict(os.environ))
    if arguments.command == "grade" and clean != dict(os.environ):
        # Start again without credentials: a changed os.environ would still show the old
        # variables in /proc/<pid>/environ, a fresh process does not.
        command = [sys.executable, "-m", "autograder.github", *argv]
        os.execve(sys.executable, command, clean)  # noqa: S606 (our own interpreter)
    try:
        return arguments.handler(arguments)
    except CourseError as error:
        print(f"autograder.github {arguments.command}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
