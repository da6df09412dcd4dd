"""The optional sessions on the site: pulled from lessons/optional/ as pages of their own kind
(on no day of the calendar), listed in the navigation, on the weeks' pages and the schedule,
and their answer keys kept out like any lesson's."""

from pathlib import Path

import pytest

from course.site.build import plan_site
from course.site.navigation import navigation
from course.site.plan import UNITS
from course.site.pulled_pages import page_header
from course.site.schedule import schedule_page
from course.site.secrets import instructor_block_secrets
from course.site.sources import (
    OPTIONAL_GUIDE_KIND,
    OPTIONAL_HANDOUT,
    OPTIONAL_INDEX,
    OPTIONAL_SESSION,
    lesson_sources,
)
from course.site.week_pages import week_page, weeks_index_page
from courseware.errors import CourseError
from tests.support.site import page_text

MONITORING = "weeks/optional/production-monitoring.md"

PLAN = """---
title: A plan on no day
week: 12
optional: true
type: lecture
duration: 90
starter: week-12
objectives: [one, two, three]
---
Text.

<!-- instructors: Answer key -->
The planted key of an optional session, which no public page may show to anyone.
Its second line, so that the key is long enough to be recognised in a page.
And a third line with words of its own about what pairs should have found.
<!-- /instructors -->
"""


def lessons_with_optional(folder: Path, plan: str = PLAN) -> Path:
    optional = folder / "lessons" / "optional"
    (optional / "handouts").mkdir(parents=True)
    (optional / "README.md").write_text("---\ntitle: Where they fit\n---\nText.\n", "utf-8")
    (optional / "planted.md").write_text(plan, encoding="utf-8")
    (optional / "handouts" / "sheet.md").write_text("---\ntitle: Sheet\n---\nText.\n", "utf-8")
    return folder / "lessons"


@pytest.fixture(scope="module")
def plan():
    return plan_site()


def test_optional_pages_are_sources_of_their_own_kind(tmp_path):
    lessons = lessons_with_optional(tmp_path)

    found = {(s.kind, s.src_uri, s.week, s.title) for s in lesson_sources(lessons)}

    assert found == {
        (OPTIONAL_GUIDE_KIND, OPTIONAL_INDEX, 13, "Where they fit"),
        (OPTIONAL_SESSION, "weeks/optional/planted.md", 12, "A plan on no day"),
        (OPTIONAL_HANDOUT, "weeks/optional/handouts/sheet.md", 13, "Sheet"),
    }
    assert all(s.session is None for s in lesson_sources(lessons))


def test_an_optional_plan_without_its_week_is_refused_with_what_to_write(tmp_path):
    lessons = lessons_with_optional(tmp_path, PLAN.replace("week: 12\n", ""))
    with pytest.raises(CourseError, match="front matter needs `week:`"):
        lesson_sources(lessons)


def test_the_leak_check_knows_the_keys_of_optional_sessions(tmp_path):
    lessons = lessons_with_optional(tmp_path)
    origins = [secret.origin for secret in instructor_block_secrets(lessons)]
    assert origins == ["lessons/optional/planted.md:12 (Answer key)"]


def test_the_navigation_has_the_optional_sessions_after_the_weeks(plan):
    weeks = next(tab["Weeks"] for tab in navigation(plan) if "Weeks" in tab)
    last = weeks[-1]
    assert list(last) == ["Optional sessions"]
    items = last["Optional sessions"]
    assert items[0] == OPTIONAL_INDEX
    assert {"Production monitoring: request ids, logs and metrics": MONITORING} in items


def test_the_weeks_the_schedule_and_week_13_point_to_them(plan):
    assert "optional/production-monitoring.md" in weeks_index_page(plan)
    assert "## Optional sessions" in weeks_index_page(plan)
    assert "](../optional/production-monitoring.md)" in week_page(plan, 13)
    assert "## Optional sessions" not in week_page(plan, 12)
    assert "](weeks/optional/index.md)" in schedule_page(plan)


def test_an_optional_plan_shows_no_date_and_no_session_number(plan):
    source = next(s for s in plan.sources if s.src_uri == MONITORING)
    header = page_header(plan, source, "")
    assert "Optional session, on no fixed day" in header
    assert "Week 13, session" not in header
    assert "Learning objectives" in header


def test_no_unit_is_called_an_extension():
    # "Extension" is a later deadline (lessons/extensions.toml); the unit goes by its topic.
    assert all("extension" not in unit.lower() for unit, _, _ in UNITS)


def test_the_built_plan_keeps_its_answer_key_out(site_dir):
    text = page_text(site_dir, "weeks/optional/production-monitoring/index.html")
    assert "Answer key: in the instructors' edition." in text
    assert "Worth accepting too" not in text
    guide = page_text(site_dir, "weeks/optional/index.html")
    assert "Production monitoring" in guide
