"""A grade against its student's deadline: what the student reads, what the gradebook counts."""

from datetime import timedelta

from autograder.results.formats import as_markdown, as_table
from autograder.results.lateness import apply_deadline, parse_moment
from autograder.results.model import GradeResult
from autograder.results.model import TestResult as Check
from courseware.calendar import load_calendar
from courseware.term import HOMEWORK_BY_ID

DUE = load_calendar().due(HOMEWORK_BY_ID["hw03"])
LATE_DAYS = load_calendar().late.days


def graded(score: float = 80) -> GradeResult:
    return GradeResult("hw03", "octocat", score, 100, [Check("a check", score, 100, "passed")])


def test_work_on_time_counts_in_full_and_says_so():
    result = apply_deadline(graded(), "octocat", DUE - timedelta(hours=1))
    assert result.late is not None
    assert (result.late.late_days, result.late.final_score, result.late.accepted) == (0, 80, True)
    assert "Handed in on time" in as_markdown(result)


def test_a_late_day_is_counted_and_explained():
    result = apply_deadline(graded(), "octocat", DUE + timedelta(hours=5))
    assert result.late.late_days == 1 and result.late.accepted
    assert "Handed in 1 late day after the due date" in as_markdown(result)


def test_work_after_the_last_late_day_is_graded_but_counts_nothing():
    result = apply_deadline(graded(), "octocat", DUE + timedelta(days=LATE_DAYS, seconds=1))
    assert result.score == 80  # the feedback still tells what the work earns
    assert result.late.final_score == 0 and not result.late.accepted
    assert "counts 0 points" in as_table(result)


def test_the_result_survives_its_json(tmp_path):
    result = apply_deadline(graded(), "octocat", parse_moment("2026-02-11T10:00:00-05:00"))
    again = GradeResult.from_dict(result.to_dict())
    assert again.late == result.late
    assert GradeResult.from_dict(graded().to_dict()).late is None


def test_an_extension_from_the_roster_file_makes_late_work_on_time(tmp_path, monkeypatch):
    roster = tmp_path / "extensions.toml"
    roster.write_text('[[extension]]\nstudent = "octocat"\nhomework = "hw03"\ndays = 3\n')
    monkeypatch.setenv("COURSE_EXTENSIONS_FILE", str(roster))
    handed_in = DUE + timedelta(days=2, hours=12)
    theirs = apply_deadline(graded(), "octocat", handed_in)
    classmate = apply_deadline(graded(), "hubot", handed_in)
    assert theirs.late.late_days == 0 and theirs.late.extension_days == 3
    assert "on time: due" in as_markdown(theirs) and "3-day extension" in as_markdown(theirs)
    assert classmate.late.late_days == 3 and not classmate.late.accepted
