"""The optional sessions (lessons/optional/) are checked as week sessions are, against the
starter of their `week:`, and their guide places every one of them."""

from pathlib import Path

import pytest

from course.content.lessons import handout_problems, lesson_problems, optional_guide_problems
from course.content.pages import (
    lesson_files,
    optional_guide_page,
    optional_handout_pages,
    optional_pages,
    read_page,
)
from courseware.paths import LESSONS_DIR

PLANS = optional_pages()
HANDOUTS = optional_handout_pages()

GOOD_PLAN = """---
title: Example
week: 13
type: activity
duration: 90
starter: week-13
optional: true
objectives: [one, two, three]
---
## Before class
Open `coursehub/core/monitoring.py` and `GET /metrics`; `RequestMonitor` and `create_app()`.
## Agenda
| Time | Activity | Description |
|---|---|---|
| 0:00-0:30 | A | a |
| 0:30-1:30 | B | b |
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


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("course.content.pages.REPO_ROOT", tmp_path)
    return tmp_path


def plan_problems(root: Path, text: str, where: str = "optional/example.md") -> list[str]:
    return lesson_problems(read_page(write(root, where, text)))


@pytest.mark.parametrize("page", PLANS, ids=[p.path.stem for p in PLANS])
def test_each_optional_plan_is_complete_and_true(page):
    assert lesson_problems(page) == []


@pytest.mark.parametrize("page", HANDOUTS, ids=[p.path.stem for p in HANDOUTS])
def test_each_optional_handout_names_only_real_code(page):
    assert handout_problems(page) == []


def test_the_guide_places_every_optional_session():
    guide = optional_guide_page()
    assert guide is not None, "lessons/optional/README.md is missing"
    assert "production-monitoring.md" in {plan.path.name for plan in PLANS}
    assert optional_guide_problems(guide, PLANS) == []


def test_a_plan_with_no_number_and_no_date_passes(root):
    assert plan_problems(root, GOOD_PLAN) == []


def test_a_plan_that_does_not_say_it_is_optional_fails(root):
    found = plan_problems(root, GOOD_PLAN.replace("optional: true\n", ""))
    assert found == [
        "optional/example.md: an optional session's front matter says `optional: true`"
    ]


def test_the_starter_must_be_the_one_of_its_week(root):
    found = plan_problems(root, GOOD_PLAN.replace("starter: week-13", "starter: week-12"))
    assert any("`starter: week-12` is not the starter of `week: 13`" in p for p in found), found


def test_references_are_checked_against_the_starter_of_its_week(root):
    text = GOOD_PLAN.replace("week: 13", "week: 12").replace("week-13", "week-12")
    found = "\n".join(plan_problems(root, text))
    assert "`coursehub/core/monitoring.py` is not in starter/week-12/" in found
    assert "endpoint `GET /metrics` is not in week 12's app" in found


def test_an_optional_plan_has_no_date(root):
    text = GOOD_PLAN.replace("## Materials\n", "## Materials\nOn {{ session_date }}.\n")
    found = plan_problems(root, text)
    assert any("on no day of the calendar" in p for p in found), found


def test_an_optional_plan_in_a_week_folder_fails(root):
    text = GOOD_PLAN.replace("optional: true", "optional: true\nsession: 1")
    found = plan_problems(root, text, "week-13/session-1-example.md")
    assert found == [
        "week-13/session-1-example.md: an optional session's plan goes into lessons/optional/"
    ]


def test_an_optional_handout_is_checked_against_its_week_or_the_last_starter(root):
    sheet = "---\ntitle: Sheet\n{week}---\nRead `coursehub/core/monitoring.py`.\n"
    latest = write(root, "optional/handouts/sheet.md", sheet.format(week=""))
    assert handout_problems(read_page(latest)) == []
    older = write(root, "optional/handouts/old.md", sheet.format(week="week: 12\n"))
    found = handout_problems(read_page(older))
    assert found == [
        "optional/handouts/old.md: `coursehub/core/monitoring.py` is not in starter/week-12/"
    ]


def test_a_guide_that_leaves_a_session_out_fails(root):
    plan = read_page(write(root, "optional/example.md", GOOD_PLAN))
    other = read_page(write(root, "optional/other.md", GOOD_PLAN))
    guide = read_page(write(root, "optional/README.md", "---\ntitle: G\n---\n[One](example.md)\n"))
    assert optional_guide_problems(guide, [plan, other]) == [
        "optional/README.md: links no `other.md`; say where that session fits"
    ]


def test_the_optional_folder_is_one_of_the_lesson_folders():
    files = lesson_files(LESSONS_DIR)
    assert LESSONS_DIR / "optional" / "README.md" in files
    assert LESSONS_DIR / "optional" / "production-monitoring.md" in files
    assert LESSONS_DIR / "README.md" not in files
    assert LESSONS_DIR / "week-02" / "session-1-backend-deep-dive.md" in files
