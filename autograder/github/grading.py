"""The grade step: holds no token, grades every prepared submission in the sandbox."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.github.work import Plan, entries
from autograder.grading.grade import grade
from autograder.results.lateness import apply_deadline, parse_moment
from autograder.sandbox import bubblewrap
from courseware.errors import CourseError
from courseware.files import write_json

# Names of variables that may hold a credential: never passed on to anything that grades.
SENSITIVE = re.compile(
    r"TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_KEY|^KEY|^ACTIONS_|^GH_|^GITHUB_",
    re.IGNORECASE,
)


def scrubbed_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment without anything that may be a credential."""
    return {key: value for key, value in environ.items() if not SENSITIVE.search(key)}


def grade_work(work: Path, *, jobs: int, allow_unsandboxed: bool) -> list[tuple[Plan, str]]:
    """Grade every prepared submission that has no result yet; (plan, one-line outcome)."""
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

    def one(folder: Path, plan: Plan) -> tuple[Plan, str]:
        try:
            result = grade(
                plan.assignment, folder / "submission", allow_unsandboxed=allow_unsandboxed
            )
        except Exception as error:
            # The grader's failure, not the student's: recorded, and retried next time. The
            # message goes to the staff's log only.
            write_json(folder / "error.json", {"error": type(error).__name__})
            return plan, f"the grader failed: {type(error).__name__}: {error}"
        if plan.student and plan.submitted_at:
            apply_deadline(result, plan.student, parse_moment(plan.submitted_at))
        write_json(folder / "result.json", result.to_dict())
        return plan, f"{result.score:g}/{result.max_score:g}"

    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        futures = [pool.submit(one, folder, plan) for folder, plan in todo]
        outcomes = [future.result() for future in futures]
    for plan, outcome in outcomes:
        print(f"{plan.label}: {outcome}")
    return outcomes
