"""Gather, classroom deployment: the pull-request heads across the class's repositories that
have no grade yet, split over runners and downloaded as tarballs (data, not a checkout)."""

import io
import tarfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from autograder.github.client import GitHub
from autograder.github.records import Record, restore_status
from autograder.github.work import Plan, save_plan
from autograder.spec import load_assignment
from autograder.submission import MAX_BYTES, MAX_FILES
from courseware.errors import CourseError


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


def find_heads(api: GitHub, classroom: Classroom, records: dict[str, Record]) -> list[Plan]:
    """Open pull requests of the class's repositories whose head has no grade of record yet.

    A head that has one keeps it; its commit status, which the student can change, is put
    back to what the record says when it differs.
    """
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
            # Handed in when this run first sees the head: at most one schedule interval
            # after the push (a commit's own date is the student's to set).
            plan = Plan(
                matches[0],
                name,
                pull["number"],
                pull["head"]["sha"],
                classroom.grader_login,
                student=(pull.get("user") or {}).get("login", ""),
                submitted_at=datetime.now(UTC).isoformat(),
            )
            record = records.get(plan.key)
            if record and (record.assignment, record.head_sha) == (plan.assignment, plan.head_sha):
                if restore_status(api, record, classroom.grader_login):
                    print(f"{plan.label}: its commit status was changed; put back")
            else:
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
