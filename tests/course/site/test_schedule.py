"""The generated pages say each thing once and only what is true: names, the term's chart,
the site after the term, the command that opens a worksheet."""

import re
from datetime import datetime, time, timedelta

import pytest

from course.site.build import plan_site
from course.site.notebooks import WORKSHEET_SOURCE_DIR, notebook_page
from course.site.plan import session_title
from course.site.schedule import homework_name, term_gantt
from course.site.week_pages import homework_index_page, week_page, worksheets_index_page
from courseware.calendar import load_calendar
from courseware.term import HOMEWORK, HOMEWORK_BY_ID, WEEKS
from tests.support.site import page_text


def test_a_title_that_starts_with_its_label_gets_no_second_label(site_dir):
    assert homework_name(HOMEWORK_BY_ID["hw03"]) == "HW3: CRUD for courses"
    capstone = HOMEWORK_BY_ID["capstone"]
    assert capstone.title.startswith("Capstone milestone 1:")
    assert homework_name(capstone) == capstone.title
    plan = during_the_term()
    assert capstone.title in homework_index_page(plan)
    assert capstone.title in week_page(plan, capstone.week)
    for built in ("homework/index.html", "schedule/index.html", "weeks/week-14/index.html"):
        assert "Capstone: Capstone" not in page_text(site_dir, built), built
    assert "Capstone: Capstone" not in (site_dir / "schedule.ics").read_text(encoding="utf-8")


def during_the_term():
    calendar = load_calendar()
    day = calendar.session(2, 1).day
    return plan_site(moment=datetime.combine(day, time(12), calendar.timezone))


def test_the_term_chart_shows_whole_titles_with_their_colons():
    plan = during_the_term()
    chart = term_gantt(plan)
    tasks = [
        line.strip() for line in chart.splitlines() if re.search(r":(w\d+|crit|milestone)", line)
    ]
    assert len(tasks) == len(WEEKS) + len(plan.calendar.breaks) + len(HOMEWORK)
    for task in tasks:
        name, _ = task.split(" :", 1)
        assert ":" not in name and ";" not in name.replace("#58;", ""), task
    shown = [task.split(" :", 1)[0].replace("#58;", ":") for task in tasks]
    for week in WEEKS:
        assert f"W{week} {session_title(plan, week, 1)[0]}" in shown
    assert '"useWidth"' in chart and '"leftPadding"' in chart


@pytest.fixture(scope="module")
def after_the_term():
    calendar = load_calendar()
    last = calendar.all_sessions()[-1].day
    return plan_site(
        moment=datetime.combine(last + timedelta(days=30), time(12), calendar.timezone)
    )


def test_after_the_term_the_site_lists_only_the_homework_that_exists(after_the_term):
    plan = after_the_term
    index = homework_index_page(plan)
    assert "The term ended on" in index
    written = [h for h in HOMEWORK if plan.homework_page(h.id)]
    unwritten = [h for h in HOMEWORK if not plan.homework_page(h.id)]
    assert written
    for homework in written:
        assert homework_name(homework) in index
    for homework in unwritten:
        assert homework_name(homework) not in index
    assert not re.search(r"\| from \w{3} \w{3} \d+ \|", index)  # no date that already passed
    for week in WEEKS:
        page = week_page(plan, week)
        assert "plan coming" not in page
        assert all(homework_name(h) not in page for h in unwritten), week
    # Every homework of the term has its page now; a week whose page is missing says so.
    for homework in unwritten:
        page = week_page(plan, homework.week)
        assert "No homework page was published for this week." in page


def test_during_the_term_the_plan_of_every_homework_is_listed():
    plan = during_the_term()
    index = homework_index_page(plan)
    assert "The term ended" not in index
    for homework in HOMEWORK:
        assert homework_name(homework) in index
    assert "from " in index


def test_the_worksheet_pages_name_the_command_the_notebooks_name():
    command = "uv run --with jupyterlab jupyter lab"
    notebooks = sorted(WORKSHEET_SOURCE_DIR.rglob("*.ipynb"))
    assert notebooks and all(command in n.read_text(encoding="utf-8") for n in notebooks)
    plan = plan_site()
    pages = [worksheets_index_page(plan)] + [notebook_page(w) for w in plan.worksheets]
    for page in pages:
        assert command in page
        assert "`uv run jupyter lab`" not in page
