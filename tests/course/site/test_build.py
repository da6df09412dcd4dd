"""The built site: strict, complete, dated from the calendar, and drawn from the code."""

import re
from datetime import timedelta

from course.content.pages import read_page
from course.content.references import code_reference_problems
from course.site.app_facts import routes_of, schema_tables
from course.site.build import plan_site
from course.site.dates import (
    SOLUTION_RELEASE_DAYS,
    due_text,
    homework_label,
    long_date,
    short_date,
    solution_releases,
)
from course.site.leaks import site_text
from course.site.notebooks import WORKSHEET_SOURCE_DIR, released_notebooks
from course.site.schedule import listed
from course.site.sources import lesson_sources
from courseware.calendar import load_calendar
from courseware.paths import REPO_ROOT
from courseware.render import starter_path
from courseware.term import COURSEHUB_WEEKS, HOMEWORK, HOMEWORK_BY_ID
from tests.support.site import build, built_page, page_text


def test_strict_build_has_no_warning_and_runs_the_leak_check(built):
    _, log = built
    assert "WARNING" not in log
    assert "Leak check:" in log and "none in the site" in log


def test_every_lesson_homework_and_handout_is_published_from_lessons(site_dir):
    sources = lesson_sources()
    for source in sources:
        page = site_dir / built_page(source.src_uri)
        assert page.is_file(), f"{source.path} was not published"
        text = site_text(page)
        assert source.title in text
    # Pulled from lessons/, never copied into docs/.
    assert not list((REPO_ROOT / "docs").rglob("session-*.md"))


def test_placeholders_are_filled_with_dates_from_the_calendar(site_dir):
    calendar = load_calendar()
    for source in lesson_sources():
        text = (site_dir / built_page(source.src_uri)).read_text(encoding="utf-8")
        assert not re.search(r"\{\{\s*(session_date|due)\b", text), source.path
    for source in lesson_sources():
        if source.kind == "session":
            session = calendar.session(source.week, source.session)
            text = page_text(site_dir, built_page(source.src_uri))
            assert long_date(session.day) in text, source.path
        if source.kind == "homework":
            due = calendar.due(HOMEWORK_BY_ID[source.homework_id])
            assert due_text(due) in page_text(site_dir, built_page(source.src_uri))


def test_schedule_lists_every_session_and_every_due_date(site_dir):
    calendar = load_calendar()
    text = page_text(site_dir, "schedule/index.html")
    for session in calendar.all_sessions():
        assert short_date(session.day) in text, session
    plan = plan_site()  # as of the day the site was built
    for homework in HOMEWORK:
        due = calendar.due(homework)
        shown = f"{short_date(due.date())} Due {due:%H:%M}: {homework_label(homework)}:" in text
        # After the term, homework that never got a page is not listed.
        assert shown == listed(plan, homework), homework.id
    for name, monday in calendar.breaks:
        assert f"{name}: {short_date(monday)}" in text
    html = (site_dir / "schedule/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="schedule-week"[^>]*>', html)
    starts = [re.search(r'data-start="([\d-]+)"', card).group(1) for card in cards]
    assert starts == [
        str(calendar.week_monday(week)) for week in range(1, calendar.teaching_weeks + 1)
    ]
    ics = (site_dir / "schedule.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == len(calendar.all_sessions()) + len(HOMEWORK)


def test_home_page_reaches_everything_a_student_needs_in_one_click(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    for target in (
        "syllabus/",
        "schedule/",
        "weeks/",
        "homework/",
        "worksheets/",
        "setup/",
        "feedback/",
        "instructors/",
    ):
        assert f'href="{target}"' in html, target


def test_worksheets_are_published_as_student_versions_only(site_dir):
    notebooks = sorted(site_dir.rglob("*.ipynb"))
    sources = sorted(WORKSHEET_SOURCE_DIR.rglob("*.ipynb"))
    if sources and released_notebooks() is not None:
        assert len(notebooks) == len(sources)
    for notebook in notebooks:
        text = notebook.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
            assert marker not in text, notebook
        page = notebook.parent / notebook.stem / "index.html"
        assert page.is_file(), f"{notebook} has no page"
        assert f'href="../{notebook.name}"' in page.read_text(encoding="utf-8")
    assert not (site_dir / "source").exists()


def test_data_model_and_endpoints_are_drawn_from_the_latest_coursehub_starter(site_dir):
    latest = starter_path(max(COURSEHUB_WEEKS))
    tables = schema_tables((latest / "sql" / "schema.sql").read_text(encoding="utf-8"))
    model = (site_dir / "app/data-model/index.html").read_text(encoding="utf-8")
    assert 'class="mermaid"' in model and "erDiagram" in model
    for table in tables:
        assert f"{table} {{" in model, table
    endpoints = page_text(site_dir, "app/endpoints/index.html")
    for endpoint in routes_of(latest, max(COURSEHUB_WEEKS)):
        assert f"{endpoint.method} {endpoint.path}" in endpoints


def test_the_hand_written_pages_name_only_real_files_and_code(tmp_path):
    """The app pages name files, endpoints and classes: they must exist in the latest starter."""
    for path in sorted((REPO_ROOT / "docs" / "app").glob("*.md")):
        page = read_page(path)
        assert code_reference_problems(page, max(COURSEHUB_WEEKS)) == []


def test_solutions_are_published_only_after_their_release_date():
    calendar = load_calendar()
    releases = solution_releases(calendar)
    hw03 = HOMEWORK_BY_ID["hw03"]
    assert releases["hw03"] == calendar.due(hw03) + timedelta(days=SOLUTION_RELEASE_DAYS)
    before = plan_site(moment=releases["hw03"] - timedelta(minutes=1))
    after = plan_site(moment=releases["hw03"])
    assert "solutions/hw03.md" not in before.pages
    assert "solutions/hw03.md" in after.pages
    # What the solution page shows is exactly the homework's part of the reference.
    assert "coursehub/routes/courses.py" in after.pages["solutions/hw03.md"]
    assert "hl_lines=" in after.pages["solutions/hw03.md"]


def test_a_mid_term_build_publishes_released_solutions_only(tmp_path):
    """Built as of the day after HW1's solution release: HW1's is there, later ones are not,
    and the build's own leak check (which fails the build) finds nothing unreleased."""
    calendar = load_calendar()
    releases = solution_releases(calendar)
    moment = releases["hw01"] + timedelta(days=1)
    assert moment < releases["hw03"]
    destination = tmp_path / "site"
    result = build(destination, COURSE_SITE_DATE=moment.isoformat())
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert (destination / "solutions/hw01/index.html").is_file()
    assert not (destination / "solutions/hw03").exists()
    assert "from " + short_date(releases["hw03"].date()) in page_text(
        destination, "homework/index.html"
    )
