"""Late days in a class batch (`autograder.batch.handed_in`): each student's hand-in time is
measured against their own deadline, the gradebook shows it, and a rerun keeps it."""

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from autograder.batch.run import grade_class
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.term import HOMEWORK_BY_ID

DUE = load_calendar().due(HOMEWORK_BY_ID["hw00"])


def gradebook(out: Path) -> dict[str, dict[str, str]]:
    return {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}


def test_each_students_late_days_count_against_their_own_deadline(
    tmp_path, team_class, monkeypatch
):
    roster = tmp_path / "extensions.toml"
    roster.write_text('[[extension]]\nstudent = "bob"\nhomework = "hw00"\ndays = 2\n')
    monkeypatch.setenv("COURSE_EXTENSIONS_FILE", str(roster))
    handed_in = tmp_path / "pushes.csv"
    late = DUE + timedelta(days=2, hours=3)  # ada: past her late days; bob: 1 of his
    handed_in.write_text(f"student,submitted_at\nada,{late.isoformat()}\n")
    out = tmp_path / "grades"
    grade_class("hw00", team_class, out, jobs=2, handed_in_file=handed_in,
                everyone_handed_in_at=late)  # fmt: skip

    rows = gradebook(out)
    assert (rows["ada"]["late_days"], rows["ada"]["penalty_percent"]) == ("3", "100")
    assert rows["ada"]["final_score"] == "0" and rows["ada"]["score"] == "10"
    assert (rows["bob"]["late_days"], rows["bob"]["penalty_percent"]) == ("1", "0")
    assert rows["bob"]["due"] == (DUE + timedelta(days=2)).isoformat()
    assert rows["bob"]["final_score"] == rows["bob"]["score"]

    # A rerun without the options keeps the kept file's times (bob has none in it now).
    grade_class("hw00", team_class, out, jobs=2)
    again = gradebook(out)
    assert again["ada"]["late_days"] == "3" and again["bob"]["late_days"] == ""


def test_no_hand_in_times_means_no_late_columns(tmp_path, team_class):
    out = tmp_path / "grades"
    grade_class("hw00", team_class, out, jobs=2)
    assert "late_days" not in next(iter(gradebook(out).values()))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("who,when\nada,2026-01-01\n", "the first line must be `student,submitted_at`"),
        ("student,submitted_at\nada,yesterday\n", "handed-in.csv:2: 'yesterday' is not a moment"),
    ],
)
def test_a_bad_hand_in_file_names_the_line_and_replaces_nothing(
    tmp_path, team_class, text, message
):
    given = tmp_path / "handed-in.csv"
    given.write_text(text)
    out = tmp_path / "grades"
    with pytest.raises(CourseError) as error:
        grade_class("hw00", team_class, out, jobs=1, handed_in_file=given)
    assert message in str(error.value)
    assert not (out / "handed-in.csv").exists() and not (out / "gradebook.csv").exists()
