"""Gather, fork deployment: the trusted `workflow_run` job checks the artifact a student's run
uploaded against the pull request's commit, and plans it for grading."""

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from autograder.github.client import GitHub, GitHubError
from autograder.github.comments import find_comment, graded_head
from autograder.github.work import Plan, save_plan
from autograder.submission import MAX_FILES
from courseware.errors import CourseError

ACTIONS_BOT = "github-actions[bot]"


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


def author_can_write(api: GitHub, repository: str, login: str) -> bool:
    """Whether `login` may push to (or administer) `repository`: then the pull request's
    comment and status, which the fork deployment keeps its grade in, are not safe from them."""
    try:
        found = api.get(f"/repos/{repository}/collaborators/{login}/permission")
    except GitHubError:
        return False  # not a collaborator at all
    return found.get("permission") in ("admin", "maintain", "write")


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
    author = (pull.get("user") or {}).get("login") or pull["head"]["label"].split(":")[0]
    # When the push's "Visible tests" run was created: GitHub's clock, not the commit's date
    # (which a student sets), and unchanged when that run is re-run.
    submitted_at = run.get("created_at") or datetime.now(UTC).isoformat()
    plan = Plan(
        assignment,
        repository,
        pull["number"],
        run["head_sha"],
        ACTIONS_BOT,
        student=author,
        submitted_at=submitted_at,
    )
    if author_can_write(api, repository, author):
        # Whoever can write the class repository can edit the grade's comment and status.
        plan.problem = (
            f"Not graded: @{author} can write to the class repository, so a grade posted here "
            "could be changed from this account. Course staff: give students read access "
            "only (autograder/DEPLOYMENTS.md, fork deployment)."
        )
        save_plan(work, plan)
        print(f"{plan.label}: {plan.problem}")
        return plan
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
