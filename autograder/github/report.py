"""The report step: one comment per pull request, a commit status, and the job's summary."""

import json
from pathlib import Path

from autograder.github.client import GitHub
from autograder.github.comments import MARKER, find_comment, marker
from autograder.github.work import Plan, entries
from autograder.results.formats import as_markdown
from autograder.results.model import GradeResult

STATUS_PREFIX = "coursehub"


COMMENT_LIMIT = 60_000  # characters; GitHub's own limit is 65,536


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
                handle.write(MARKER.sub("", body).lstrip("\n") + "\n")
    return len(answered)
