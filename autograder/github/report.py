"""The report step: one comment per pull request, a commit status, and the job's summary."""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from autograder.github.client import GitHub
from autograder.github.comments import MARKER, find_comment, marker
from autograder.github.work import Plan, entries
from autograder.results.formats import as_markdown
from autograder.results.model import GradeResult
from courseware.deadlines import deadline
from courseware.term import HOMEWORK_BY_ID

STATUS_PREFIX = "coursehub"


# A comment a student reads to the end: the full report is the run's artifact.
COMMENT_LIMIT = 20_000  # characters; GitHub's own limit is 65,536
ROW_CHARS = 400
REPORT_FILE = "report.md"
ARTIFACT = "grade-report"


def due_date_passed(assignment_id: str, student: str = "", now: datetime | None = None) -> bool:
    """Whether the rows held back until the due date may be shown: once the student's last
    late day is over (an extension included), so late work gains no hint from them."""
    if assignment_id not in HOMEWORK_BY_ID:
        return False
    return (now or datetime.now(UTC)) >= deadline(assignment_id, student).accepted_until


def comment_body(
    plan: Plan,
    result: GradeResult | None,
    failure: str,
    *,
    past_due: bool = False,
    report_url: str = "",
) -> str:
    """The one comment: marker, then the score and the table (or why there is none)."""
    head = plan.head_sha if result is not None or plan.problem else ""
    lines = [marker(plan.assignment, head)]
    if result is not None:
        table = as_markdown(result, show_after_due_date=past_due, row_chars=ROW_CHARS)
        lines.append(table.rstrip("\n"))
    else:
        lines += [f"### {plan.assignment}: not graded", "", plan.problem or failure]
    # A student opens the artifacts of a run in their own repository only (a fork's run); a
    # run of the staff's grading repository keeps them for the staff.
    full_report = (
        f"The full report, every message uncut, is the `{ARTIFACT}` artifact of "
        f"[this run]({report_url})."
        if report_url
        else f"Your course staff have the full report, every message uncut (`{ARTIFACT}`)."
    )
    footer = (
        f"\n<sub>Commit `{plan.head_sha[:7]}`. Each push to this pull request is graded again "
        "and this comment is updated with the newest score."
        + (f" {full_report}" if result else "")
        + "</sub>\n"
    )
    text = "\n".join(lines)
    if len(text) + len(footer) > COMMENT_LIMIT:
        # Failed checks come first, so those are kept; the rest is in the full report.
        text = text[: text.rfind("\n", 0, COMMENT_LIMIT - len(footer) - 200)]
        if text.count("<details>") > text.count("</details>"):
            text += "\n\n</details>"
        text += f"\n\n(The rest of the table did not fit in a comment. {full_report})"
    return text + "\n" + footer


def run_url(repository: str) -> str:
    """This workflow run's page, where its artifacts are, when the run belongs to the pull
    request's own repository (empty otherwise, and outside GitHub Actions)."""
    server, here = os.environ.get("GITHUB_SERVER_URL", ""), os.environ.get("GITHUB_REPOSITORY")
    run = os.environ.get("GITHUB_RUN_ID", "")
    if not (server and run) or here != repository:
        return ""
    return f"{server}/{here}/actions/runs/{run}"


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
    past_due = due_date_passed(plan.assignment, plan.student)
    if result is not None:
        # The job uploads every report.md as its artifact: the same rows, uncut.
        full = as_markdown(result, show_after_due_date=past_due)
        (folder / REPORT_FILE).write_text(full, encoding="utf-8")
    report_url = run_url(plan.repository)
    body = comment_body(plan, result, failure, past_due=past_due, report_url=report_url)
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
