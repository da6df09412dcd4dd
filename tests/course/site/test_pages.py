"""What the hooks do to a page: placeholders, links, release dates, the site's date, notebooks."""

import json
from datetime import timedelta

import pytest

from course.site.dates import due_text, long_date, site_moment, solution_releases
from course.site.links import rewrite_links
from course.site.notebooks import (
    WORKSHEETS_VARIABLE,
    notebook_page,
    released_notebooks,
    student_worksheets,
)
from course.site.placeholders import fill_placeholders
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import REPO_ROOT
from courseware.term import HOMEWORK_BY_ID


def test_placeholders():
    calendar = load_calendar()
    meta = {"week": 2, "session": 1}
    filled = fill_placeholders(
        'On {{ session_date }}; due {{ due("hw01") }}.', meta, calendar, "x.md"
    )
    assert filled == (
        f"On {long_date(calendar.session(2, 1).day)}; "
        f"due {due_text(calendar.due(HOMEWORK_BY_ID['hw01']))}."
    )
    # Code that merely looks like a template is left alone.
    assert fill_placeholders("{{ user.name }}", {}, calendar, "x.md") == "{{ user.name }}"
    for broken in ('{{ due("hw99") }}', "{{ session_date }}", "{{ due() }}", "{{ due(hw01) }}"):
        with pytest.raises(CourseError):
            fill_placeholders(broken, {}, calendar, "x.md")


def test_links_to_repository_files_are_rewritten_and_private_ones_dropped(tmp_path):
    lesson = REPO_ROOT / "lessons" / "week-04" / "session-x.md"
    site_files = {REPO_ROOT / "docs" / "setup.md": "setup.md"}
    markdown = (
        "[guide](../../docs/setup.md) [starter](../../starter/week-04/coursehub/main.py) "
        "[answer](../../solutions/coursehub/coursehub/main.py) [web](https://example.org)\n"
        "```\n[kept](../../solutions/x.py)\n```\n"
    )
    rewritten = rewrite_links(
        markdown, lesson, "weeks/week-04/session-x.md", site_files, [], "https://github.com/o/r"
    )
    assert "[guide](../../setup.md)" in rewritten
    assert "(https://github.com/o/r/blob/main/starter/week-04/coursehub/main.py)" in rewritten
    assert "answer" in rewritten and "solutions/coursehub/coursehub/main.py)" not in rewritten
    assert "[web](https://example.org)" in rewritten
    assert "[kept](../../solutions/x.py)" in rewritten  # code blocks are left as they are
    plain = rewrite_links(markdown, lesson, "weeks/week-04/session-x.md", {}, [], None)
    assert "starter (`starter/week-04/coursehub/main.py`)" in plain


def test_solution_release_dates_can_be_set_in_the_calendar(tmp_path):
    calendar = load_calendar()
    table = (REPO_ROOT / "lessons" / "calendar.toml").read_text(encoding="utf-8")
    custom = tmp_path / "calendar.toml"
    custom.write_text(
        table + '\n[solution_release]\ndays_after_due = 2\nhw03 = 2026-03-01\nhw04 = "never"\n',
        encoding="utf-8",
    )
    releases = solution_releases(calendar, custom)
    assert releases["hw01"] == calendar.due(HOMEWORK_BY_ID["hw01"]) + timedelta(days=2)
    assert str(releases["hw03"].date()) == "2026-03-01"
    assert releases["hw04"] is None
    custom.write_text(table + "\n[solution_release]\nhw99 = 2026-03-01\n", encoding="utf-8")
    with pytest.raises(CourseError, match="hw99"):
        solution_releases(calendar, custom)


def test_the_site_date_comes_from_the_environment():
    calendar = load_calendar()
    moment = site_moment(calendar, {"COURSE_SITE_DATE": "2026-02-03"})
    assert (moment.date().isoformat(), moment.tzinfo) == ("2026-02-03", calendar.timezone)
    with pytest.raises(CourseError, match="COURSE_SITE_DATE"):
        site_moment(calendar, {"COURSE_SITE_DATE": "next tuesday"})


def test_a_notebook_becomes_a_page_with_its_answer_cells_marked(tmp_path):
    """Any folder of student notebooks can be published (COURSE_SITE_WORKSHEETS)."""
    folder = tmp_path / "student-versions" / "w02-stand-in"
    folder.mkdir(parents=True)
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# A stand-in worksheet\n"},
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade": False}},
                "source": "# YOUR CODE HERE\nraise NotImplementedError()",
                "outputs": [],
            },
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"grade": True, "solution": False, "points": 2}},
                "source": "assert ANSWER == 42",
                "outputs": [],
            },
        ],
        "metadata": {"kernelspec": {"language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "stand-in.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    stage = released_notebooks({WORKSHEETS_VARIABLE: str(folder.parent)})
    [worksheet] = student_worksheets(stage)
    assert (worksheet.assignment, worksheet.week) == ("w02-stand-in", 2)
    assert worksheet.page_uri == "worksheets/w02-stand-in/stand-in.md"
    assert (worksheet.src_dir / worksheet.src_uri).is_file()
    page = notebook_page(worksheet)
    assert "[:material-download: Download stand-in.ipynb](stand-in.ipynb)" in page
    assert '```python title="your answer"' in page
    assert '```python title="check, 2 points"' in page


def test_a_solution_waits_for_the_last_late_day_of_the_last_extension(tmp_path, monkeypatch):
    calendar = load_calendar()
    on_schedule = solution_releases(calendar)["hw03"]
    roster = tmp_path / "extensions.toml"
    roster.write_text('[[extension]]\nstudent = "octocat"\nhomework = "hw03"\ndays = 14\n')
    monkeypatch.setenv("COURSE_EXTENSIONS_FILE", str(roster))
    held = solution_releases(calendar)["hw03"]
    due = calendar.due(HOMEWORK_BY_ID["hw03"])
    assert held == due + timedelta(days=14 + calendar.late.days) > on_schedule
    assert solution_releases(calendar)["hw04"] == on_schedule + timedelta(days=7)
