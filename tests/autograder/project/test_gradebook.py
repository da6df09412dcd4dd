"""`course grade-project`: a milestone for every team, its TA items pending until the TA's
points in manual.csv reach the gradebook and the report, its machine items decided by
`course check-project`."""

import csv
import shutil
from pathlib import Path

from autograder.batch.manual import MANUAL_FILE
from autograder.project.check import ROWS
from autograder.project.milestones import milestone_by_id
from tests.support.commands import run_course
from tests.support.markers import needs_bubblewrap

PANTRY = Path(__file__).parent / "fixtures" / "pantry"


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        return {row["student"]: row for row in csv.DictReader(handle)}


def test_the_tas_points_reach_the_gradebook_and_the_report(tmp_path):
    teams, out = tmp_path / "teams", tmp_path / "out"
    (teams / "owls" / "docs").mkdir(parents=True)
    (teams / "owls" / "docs" / "idea.md").write_text("# Idea\n\nStudents swap textbooks.\n")
    (teams / "larks").mkdir()
    ran = run_course("grade-project", "m1", str(teams), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    milestone = milestone_by_id("m1")
    pitch = next(item for item in milestone.rubric if item.name == "pitch")
    assert gradebook(out)["owls"][pitch.row_name] == ""  # pending: not a grade yet
    sheet = (out / MANUAL_FILE).read_text(encoding="utf-8")
    assert "owls,pitch,," in sheet and "larks,endpoints,," in sheet

    (out / MANUAL_FILE).write_text(
        sheet.replace("owls,pitch,,", "owls,pitch,3,Clear user and problem"), encoding="utf-8"
    )
    ran = run_course("grade-project", "m1", str(teams), "--out", str(out))
    assert ran.returncode == 0, ran.stderr
    book = gradebook(out)
    assert book["owls"][pitch.row_name] == "3" and book["owls"]["score"] == "3"
    assert book["larks"]["score"] == "0" and book["owls"]["max_score"] == "15"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Idea and schema" in report and "owls" in report


def test_points_outside_an_item_are_refused_before_any_grading(tmp_path):
    teams, out = tmp_path / "teams", tmp_path / "out"
    (teams / "owls").mkdir(parents=True)
    out.mkdir()
    (out / MANUAL_FILE).write_text("student,item,points,comment\nowls,pitch,30,\n")
    ran = run_course("grade-project", "m1", str(teams), "--out", str(out))
    assert ran.returncode == 2
    assert "outside the allowed 0 to 3" in ran.stderr
    assert not (out / "gradebook.csv").exists()


@needs_bubblewrap
def test_a_machine_item_earns_its_points_when_its_row_passed(tmp_path):
    teams, out = tmp_path / "teams", tmp_path / "out"
    shutil.copytree(PANTRY, teams / "pantry")
    broken = shutil.copytree(PANTRY, teams / "broken")
    (broken / "tests" / "test_broken.py").write_text("def test_no():\n    assert False\n")
    ran = run_course("grade-project", "m2", str(teams), "--out", str(out), timeout=600)
    assert ran.returncode == 0, ran.stderr
    book = gradebook(out)
    tests_row = f"{ROWS['tests']} (checked by course check-project)"
    readme_row = f"{ROWS['readme']} (checked by course check-project)"
    assert book["pantry"][tests_row] == "3" and book["broken"][tests_row] == "0"
    assert book["pantry"][readme_row] == book["broken"][readme_row] == "3"
    assert book["pantry"]["score"] == "6" and book["pantry"]["max_score"] == "15"
