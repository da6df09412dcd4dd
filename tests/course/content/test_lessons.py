"""Lessons and homework pages tell the truth about the code, the calendar and the grader."""

from pathlib import Path

import pytest

from course.content.homework import homework_problems
from course.content.lessons import handout_problems, lesson_problems
from course.content.pages import handout_pages, homework_pages, lesson_pages, read_page
from courseware.calendar import load_calendar
from courseware.term import HOMEWORK, STARTER_WEEKS

LESSONS = lesson_pages()
HOMEWORK_PAGES = homework_pages()
HANDOUTS = handout_pages()


def test_every_starter_week_has_two_session_plans_and_its_homework_page():
    for week in STARTER_WEEKS:
        sessions = sorted(p.meta.get("session") for p in LESSONS if p.meta.get("week") == week)
        assert sessions == [1, 2], f"week {week} has sessions {sessions}"
    written = {page.meta.get("homework") for page in HOMEWORK_PAGES}
    due = {h.id for h in HOMEWORK if h.week in STARTER_WEEKS}
    assert due <= written, f"homework pages missing: {sorted(due - written)}"


@pytest.mark.parametrize(
    "page", LESSONS, ids=[p.path.stem + "@" + p.path.parent.name for p in LESSONS]
)
def test_lesson_plan_is_complete_and_true(page):
    assert lesson_problems(page) == []


@pytest.mark.parametrize("page", HOMEWORK_PAGES, ids=[p.path.stem for p in HOMEWORK_PAGES])
def test_homework_page_is_complete_and_matches_its_suite(page):
    assert homework_problems(page) == []


@pytest.mark.parametrize("page", HANDOUTS, ids=[p.path.stem for p in HANDOUTS])
def test_handout_names_only_real_code_and_no_typed_dates(page):
    assert handout_problems(page) == []


def test_the_model_lesson_falls_on_week_2_tuesday_and_hw1_is_due_a_week_later():
    calendar = load_calendar()
    assert str(calendar.session(2, 1).day) == "2026-01-20"
    hw01 = next(h for h in HOMEWORK if h.id == "hw01")
    assert str(calendar.due(hw01).date()) == "2026-01-27"


GOOD_LESSON = """---
title: Example
week: 2
session: 1
type: activity
duration: 90
starter: week-02
objectives: [one, two, three]
---
## Before class
Open `coursehub/models/user.py` and `GET /api/users/me`; `UserRead` and `create_app()`.
## Agenda
| Time | Activity | Description |
|---|---|---|
| 0:00-0:30 | A | a |
| 0:30-0:90 | B | b |
## Part 1: A (30 minutes)
## Part 2: B (60 minutes)
## Materials
## Instructor notes
### Common confusions
### Time management
### Differentiation
## Student deliverables
## Next steps
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "week-02"
    folder.mkdir(exist_ok=True)
    path = folder / "session-1-example.md"
    path.write_text(text)
    return path


def problems_of(tmp_path: Path, text: str, monkeypatch) -> list[str]:
    monkeypatch.setattr("course.content.pages.REPO_ROOT", tmp_path)
    return lesson_problems(read_page(write(tmp_path, text)))


def test_the_checks_accept_a_well_formed_plan(tmp_path, monkeypatch):
    text = GOOD_LESSON.replace("0:30-0:90", "0:30-1:30")
    assert problems_of(tmp_path, text, monkeypatch) == []


def test_the_checks_catch_a_95_minute_agenda(tmp_path, monkeypatch):
    text = GOOD_LESSON.replace("0:30-0:90", "0:30-1:35").replace("B (60", "B (65")
    assert any("adds up to 95 min, not 90" in p for p in problems_of(tmp_path, text, monkeypatch))


def test_the_checks_catch_a_file_that_is_not_in_the_starter(tmp_path, monkeypatch):
    text = GOOD_LESSON.replace("0:30-0:90", "0:30-1:30").replace(
        "coursehub/models/user.py", "coursehub/models/account.py"
    )
    found = problems_of(tmp_path, text, monkeypatch)
    assert any("`coursehub/models/account.py` is not in starter/week-02/" in p for p in found)


def test_the_checks_catch_unknown_endpoints_names_and_typed_dates(tmp_path, monkeypatch):
    text = (
        GOOD_LESSON.replace("0:30-0:90", "0:30-1:30")
        .replace("GET /api/users/me", "DELETE /api/users/me")
        .replace("`UserRead`", "`UserResponse`")
        .replace("## Materials", "## Materials\nDue Jan 27.")
    )
    found = "\n".join(problems_of(tmp_path, text, monkeypatch))
    assert "endpoint `DELETE /api/users/me` is not in week 2's app" in found
    assert "`UserResponse` is defined nowhere" in found
    assert "typed date 'Jan 27'" in found


def test_the_checks_catch_a_homework_page_that_promises_other_points(tmp_path, monkeypatch):
    page_path = next(p.path for p in HOMEWORK_PAGES if p.meta.get("homework") == "hw03")
    text = page_path.read_text().replace("100 points", "90 points")
    copy = tmp_path / "week-04" / page_path.name
    copy.parent.mkdir()
    copy.write_text(text)
    monkeypatch.setattr("course.content.pages.REPO_ROOT", tmp_path)
    found = homework_problems(read_page(copy))
    assert any("must state the grader's 100 points" in problem for problem in found)
