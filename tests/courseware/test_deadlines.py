"""A student's deadline: the calendar's due date, moved by their extension, and its late days."""

from datetime import timedelta
from pathlib import Path

import pytest

from courseware.calendar import load_calendar
from courseware.deadlines import deadline, last_accepted, load_extensions
from courseware.errors import CourseError
from courseware.paths import CALENDAR_FILE
from courseware.term import HOMEWORK_BY_ID
from tests.support.commands import run_course

CALENDAR = load_calendar()
HW03_DUE = CALENDAR.due(HOMEWORK_BY_ID["hw03"])
LATE_DAYS = CALENDAR.late.days


def extensions(tmp_path: Path, text: str):
    path = tmp_path / f"extensions-{abs(hash(text))}.toml"
    path.write_text(text)
    return load_extensions(path)


ONE = '[[extension]]\nstudent = "Octocat"\nhomework = "hw03"\ndays = 3\nnote = "letter"\n'


def test_an_extension_moves_one_students_due_date_and_nobody_elses(tmp_path):
    granted = extensions(tmp_path, ONE)
    theirs = deadline("hw03", "octocat", extensions=granted)  # logins ignore case
    everyone = deadline("hw03", "hubot", extensions=granted)
    assert theirs.due == HW03_DUE + timedelta(days=3)
    assert theirs.accepted_until == HW03_DUE + timedelta(days=3 + LATE_DAYS)
    assert everyone.due == HW03_DUE
    assert deadline("hw04", "octocat", extensions=granted).due == CALENDAR.due(
        HOMEWORK_BY_ID["hw04"]
    )
    assert last_accepted("hw03", extensions=granted) == theirs.accepted_until
    assert last_accepted("hw04", extensions=granted) == deadline("hw04").accepted_until


def test_late_days_are_started_days_after_the_due_date():
    due = deadline("hw03", "someone", extensions=())
    assert due.late_days(HW03_DUE) == 0
    assert due.late_days(HW03_DUE + timedelta(minutes=1)) == 1
    assert due.late_days(HW03_DUE + timedelta(days=1)) == 1
    assert due.late_days(HW03_DUE + timedelta(days=1, seconds=1)) == 2
    assert due.accepted(due.accepted_until)
    assert not due.accepted(due.accepted_until + timedelta(seconds=1))
    assert due.penalty_percent(due.accepted_until + timedelta(seconds=1)) == 100


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[extension]]\nhomework = "hw03"\ndays = 3\n', 'needs student = "login"'),
        ('[[extension]]\nstudent = "a"\nhomework = "hw3"\ndays = 3\n', "'hw3' is not one of"),
        ('[[extension]]\nstudent = "a"\nhomework = "hw03"\ndays = 0\n', "days must be"),
        ('[[extension]]\nstudent = "a"\nhomework = "hw03"\ndays = "3"\n', "days must be"),
        ('[[extension]]\nstudent = "a"\nhomework = "hw03"\ndays = 3\nwhy = 1\n', "unknown keys"),
        (ONE + ONE.replace("Octocat", "octocat"), "already has an extension for hw03"),
        ("[extension]\nstudent = 1\n", "write it as an [[extension]] table"),
        ("[[extensions]]\n", "use [[extension]]"),
        ("[[extension]\n", "cannot read the extensions"),
    ],
)
def test_a_malformed_extension_says_which_entry_and_what_to_write(tmp_path, text, message):
    with pytest.raises(CourseError, match="extension") as error:
        extensions(tmp_path, text)
    assert message in str(error.value)


def test_no_extensions_file_means_no_extensions(tmp_path):
    assert load_extensions(tmp_path / "absent.toml") == ()


def test_the_calendar_refuses_a_late_policy_it_cannot_apply(tmp_path):
    text = CALENDAR_FILE.read_text()
    for bad, message in [
        ("[late]\ndays = -1\n", "days must be a whole number"),
        ("[late]\npenalty_percent_per_day = 150\n", "must be 0-100"),
        ("[late]\n[late.homework]\nhw99 = 1\n", "'hw99' is no homework"),
        ("[late]\ndayz = 1\n", "unknown keys"),
    ]:
        path = tmp_path / "calendar.toml"
        path.write_text(text.split("[late]")[0] + bad)
        with pytest.raises(CourseError, match="late") as error:
            load_calendar(path)
        assert message in str(error.value)


def test_course_deadlines_shows_the_class_and_each_extension(tmp_path, monkeypatch):
    roster = tmp_path / "extensions.toml"
    roster.write_text(ONE)
    monkeypatch.setenv("COURSE_EXTENSIONS_FILE", str(roster))
    shown = run_course("deadlines", "hw03")
    assert shown.returncode == 0, shown.stderr
    theirs = HW03_DUE + timedelta(days=3)
    assert f"{HW03_DUE:%a %Y-%m-%d %H:%M}" in shown.stdout
    assert f"Octocat              +3 days: due {theirs:%a %Y-%m-%d %H:%M}" in shown.stdout
    last = theirs + timedelta(days=LATE_DAYS)
    assert f"answers wait for {last:%a %Y-%m-%d %H:%M}" in shown.stdout

    roster.write_text(ONE.replace('"hw03"', '"hw3"'))
    broken = run_course("deadlines", "hw03")
    assert broken.returncode == 2 and "extension 1: homework 'hw3'" in broken.stderr
