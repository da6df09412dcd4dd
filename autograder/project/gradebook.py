"""A team-project milestone for a whole class: `course grade-project MILESTONE TEAMS_DIR --out
DIR`, one folder per team in TEAMS_DIR.

Each team gets a result with one row per checklist item of the milestone: the items a machine
decides from `course check-project` (all of the item's points when its row passed), the
items a TA grades as pending rows. The TA's points come in through `DIR/manual.csv`, with the
same sheet, rules and messages as a homework's rubric (`autograder.batch.manual`); the
gradebook CSV and the HTML report are the batch's own (`autograder.batch.report`).
"""

import sys
import tempfile
from pathlib import Path

from autograder.batch.manual import MANUAL_FILE, read_sheet, with_rubric_points
from autograder.batch.report import write_gradebook, write_report
from autograder.grading.rubric import pending_row
from autograder.project.check import ROWS, check_project
from autograder.project.milestones import MachineItem, Milestone, milestone_by_id
from autograder.results.model import GradeResult, TestResult
from autograder.submission import SubmissionError, safe_copy
from courseware.errors import CourseError


def team_folders(teams_dir: Path) -> list[Path]:
    if not teams_dir.is_dir():
        raise CourseError(f"no folder of teams at {teams_dir}")
    teams = sorted(p for p in teams_dir.iterdir() if not p.name.startswith(".") and p.is_dir())
    if not teams:
        raise CourseError(f"{teams_dir} has no team folders (one repository folder per team)")
    return teams


def grade_milestone(
    milestone_id: str, teams_dir: Path, out: Path, allow_unsandboxed: bool = False
) -> list[GradeResult]:
    milestone = milestone_by_id(milestone_id)
    teams = team_folders(teams_dir)
    # A TA's typo is reported before any project runs, not after.
    read_sheet(out / MANUAL_FILE, [team.name for team in teams], milestone.rubric)
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for number, team in enumerate(teams, start=1):
        print(f"[{number}/{len(teams)}] {team.name}", file=sys.stderr, flush=True)
        results.append(milestone_result(milestone, team, allow_unsandboxed))
    shown = with_rubric_points(milestone.rubric, results, out)
    write_gradebook(shown, out / "gradebook.csv")
    title = f"Team project milestone {milestone.id}: {milestone.title}"
    write_report(milestone.id, title, shown, out / "report.html")
    return shown


def milestone_result(milestone: Milestone, team: Path, allow_unsandboxed: bool) -> GradeResult:
    notes: list[str] = []
    checked: dict[str, TestResult] = {}
    problem = ""
    if milestone.machine:
        try:
            result = check_project(
                team, {i.check_row for i in milestone.machine}, allow_unsandboxed
            )
            checked = {row.name: row for row in result.tests}
            notes = result.notes
        except CourseError as error:
            problem = f"Not checked: {error}."
            notes = [problem]
    rows = [
        machine_row(item, checked, problem) if isinstance(item, MachineItem) else None
        for item in milestone.items
    ]
    pending = iter(rubric_rows(milestone, team))
    tests = [row if row is not None else next(pending) for row in rows]
    score = round(sum(test.score for test in tests), 2)
    return GradeResult(milestone.id, team.name, score, milestone.points, tests, notes)


def machine_row(item: MachineItem, checked: dict[str, TestResult], problem: str) -> TestResult:
    row = checked.get(ROWS[item.check_row])
    if row is None:
        return TestResult(item.row_name, 0, item.points, "failed", problem)
    score = item.points if row.status == "passed" else 0
    return TestResult(item.row_name, score, item.points, row.status, row.output)


def rubric_rows(milestone: Milestone, team: Path) -> list[TestResult]:
    """A pending row per TA item, from a safe copy of the team's files (no link followed)."""
    page = f"Team project ({milestone.title})"
    with tempfile.TemporaryDirectory() as scratch:
        try:
            root = safe_copy(team, Path(scratch) / "team").root
        except SubmissionError:
            root = Path(scratch) / "nothing"
        return [pending_row(item, root / item.file, None, page) for item in milestone.rubric]
