"""The TA's points (`autograder.batch.manual`): `manual.csv` is written once per class, its
points reach the gradebook's rubric columns and totals, a value out of range stops the batch
with the line to fix, and no rerun ever loses what the TA typed."""

import csv
import shutil
from pathlib import Path

import pytest

from autograder.batch.manual import prepare_sheet, read_sheet
from autograder.batch.run import grade_class
from autograder.spec import load_assignment
from courseware.errors import CourseError
from courseware.render import starter_path
from tests.support.commands import run_course

TEAM_ROW = "TEAM.md: the team working agreement (graded by your TA)"


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}


def type_points(sheet: Path, points: dict[str, tuple[str, str]]) -> None:
    """What a TA does in a spreadsheet: fill in cells of the rows the batch wrote."""
    with sheet.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["student"] in points:
            row["points"], row["comment"] = points[row["student"]]
    with sheet.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["student", "item", "points", "comment"])
        writer.writeheader()
        writer.writerows(rows)


def test_the_ta_points_reach_the_gradebook_and_no_rerun_loses_them(tmp_path, team_class, capsys):
    out = tmp_path / "grades"
    grade_class("hw00", team_class, out, jobs=2)
    sheet = out / "manual.csv"
    with sheet.open(newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["student", "item", "points", "comment"],
            ["ada", "team-agreement", "", ""],
            ["bob", "team-agreement", "", ""],
        ]
    first = gradebook(out)
    assert (first["ada"]["score"], first["ada"][TEAM_ROW]) == ("10", "")
    assert first["bob"][TEAM_ROW] == ""

    type_points(sheet, {"ada": ("8.5", "Concrete, but Alan has no contact")})
    typed = sheet.read_bytes()
    results = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    capsys.readouterr()
    grade_class("hw00", team_class, out, jobs=2)
    assert "2 already graded and unchanged; grading 0." in capsys.readouterr().err
    assert {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")} == results
    assert sheet.read_bytes() == typed
    second = gradebook(out)
    assert (second["ada"]["score"], second["ada"][TEAM_ROW]) == ("18.5", "8.5")
    assert (second["bob"]["score"], second["bob"][TEAM_ROW]) == (first["bob"]["score"], "")
    assert "team working agreement" in (out / "report.html").read_text()

    # A student who joins later gets a row of their own; the TA's lines stay as typed.
    shutil.copytree(starter_path(1), team_class / "cy")
    grade_class("hw00", team_class, out, jobs=2)
    assert sheet.read_bytes().startswith(typed)
    assert sheet.read_bytes().endswith(b"cy,team-agreement,,\r\n")
    assert gradebook(out)["ada"]["score"] == "18.5"


def test_points_out_of_range_stop_the_batch_with_the_line_to_fix(tmp_path, team_class):
    out = tmp_path / "grades"
    grade_class("hw00", team_class, out, jobs=2)
    type_points(out / "manual.csv", {"ada": ("7", ""), "bob": ("12", "great")})
    before = (out / "gradebook.csv").read_bytes()
    typed = (out / "manual.csv").read_bytes()

    result = run_course("grade-class", "hw00", str(team_class), "--out", str(out))
    assert result.returncode == 2, result.stderr
    assert f"{out / 'manual.csv'}, line 3: 12 points for team-agreement of bob" in result.stderr
    assert "outside the allowed 0 to 10" in result.stderr and "Traceback" not in result.stderr
    assert (out / "gradebook.csv").read_bytes() == before
    assert (out / "manual.csv").read_bytes() == typed


RUBRIC = load_assignment("hw01").rubric


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ada,reflection,ten,", "line 2: points 'ten' is not a number; write a number from 0"),
        ("ada,reflection,-1,", "line 2: -1 points for reflection of ada is outside the allowed"),
        ("ada,reflection,nan,", "line 2: nan points for reflection of ada is outside"),
        ("ada,reflexion,5,", "line 2: no rubric item 'reflexion'; use peer-review, reflection"),
        ("eve,reflection,5,", "line 2: no student folder 'eve' in this class"),
        ("ada,reflection,5,\nada,reflection,6,", "line 3: ada already has points for reflection"),
    ],
)
def test_a_value_the_gradebook_cannot_use_names_the_file_and_line(tmp_path, line, message):
    sheet = tmp_path / "manual.csv"
    sheet.write_text(f"student,item,points,comment\n{line}\n")
    with pytest.raises(CourseError) as error:
        read_sheet(sheet, ["ada", "bob"], RUBRIC)
    assert str(error.value).startswith(f"{sheet}, {message}"), str(error.value)


def test_a_sheet_saved_by_a_spreadsheet_is_read_and_completed_without_a_line_changed(tmp_path):
    """Excel's CSV UTF-8 starts with a byte-order mark and may leave the last line open; an
    empty cell is not graded yet, and a left-over row without points is no error."""
    sheet = tmp_path / "manual.csv"
    typed = (
        "\ufeffstudent,item,points,comment\r\n"
        'ada,peer-review,9.5,"Good review; ""isolation"" is thin"\r\n'
        "ada,reflection,,\r\n"
        "zoe,reflection,,"
    )
    sheet.write_text(typed, encoding="utf-8", newline="")
    marks = read_sheet(sheet, ["ada", "bob"], RUBRIC)
    assert {key: (m.points, m.comment) for key, m in marks.items()} == {
        ("ada", "peer-review"): (9.5, 'Good review; "isolation" is thin')
    }
    assert prepare_sheet(sheet, ["ada", "bob"], RUBRIC) == 2
    text = sheet.read_bytes().decode("utf-8")
    assert text == typed + "\r\nbob,peer-review,,\r\nbob,reflection,,\r\n"
    assert prepare_sheet(sheet, ["ada", "bob"], RUBRIC) == 0
    assert sheet.read_bytes().decode("utf-8") == text


def test_a_sheet_without_its_columns_is_refused(tmp_path):
    sheet = tmp_path / "manual.csv"
    sheet.write_text("student;item;points;comment\nada;reflection;5;\n")
    with pytest.raises(CourseError, match="line 1: the first line must name the columns"):
        read_sheet(sheet, ["ada"], RUBRIC)
