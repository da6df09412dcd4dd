"""The grades already given: one comment per pull request, found by a hidden marker that
records the graded commit, and by the account that wrote it."""

import re
from typing import Any

from autograder.github.client import GitHub

MARKER = re.compile(r"<!-- coursehub-grader assignment=(\S+) head=(\S*) -->")


def marker(assignment: str, head_sha: str) -> str:
    return f"<!-- coursehub-grader assignment={assignment} head={head_sha} -->"


def find_comment(
    api: GitHub, repository: str, number: int, assignment: str, author: str
) -> dict[str, Any] | None:
    """The grading comment of this assignment on this pull request: written by the grader's
    account (a student can copy the marker into a comment of their own; that one never counts)."""
    mine = None
    for comment in api.paginate(f"/repos/{repository}/issues/{number}/comments"):
        found = MARKER.search(comment.get("body") or "")
        if found and found.group(1) == assignment and comment["user"]["login"] == author:
            mine = comment
    return mine


def graded_head(comment: dict[str, Any] | None) -> str | None:
    found = MARKER.search(comment["body"]) if comment else None
    if found is None:
        return None
    return found.group(2) or None
