"""Placeholders of the site's own pages in `docs/`: facts of the calendar and the lessons."""

import re

from autograder.results.formats import as_markdown
from autograder.results.model import GradeResult, TestResult, humanize
from course.site.dates import long_date
from course.site.plan import SitePlan, relative_link
from course.site.schedule import term_gantt, this_week_cards
from courseware.errors import CourseError
from courseware.term import HOMEWORK_BY_ID, week_id

_SITE_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>this_week|term_gantt|term_name|first_class|last_class|meeting_days"
    r"|feedback_example|homework_page|late_days)\s*(?:\(\s*\"(?P<arg>[^\"]*)\"\s*\))?\s*\}\}"
)


def fill_site_placeholders(text: str, plan: SitePlan, here: str) -> str:
    """Placeholders the site's own pages use for facts of the calendar and the lessons.

    `{{ homework_page("hw00") }}` is the link to a homework's page (its week's page while the
    homework page is not written), so docs/ never links to a file name that may change.
    """
    sessions = plan.calendar.all_sessions()

    def homework_page(homework_id: str | None) -> str:
        if homework_id not in HOMEWORK_BY_ID:
            raise CourseError(f'docs/{here}: homework_page("{homework_id}") names no homework')
        page = plan.homework_page(homework_id)
        week = HOMEWORK_BY_ID[homework_id].week
        return relative_link(page.src_uri if page else f"weeks/{week_id(week)}/index.md", here)

    values = {
        "term_name": lambda _: plan.calendar.name,
        "first_class": lambda _: long_date(sessions[0].day),
        "last_class": lambda _: long_date(sessions[-1].day),
        "meeting_days": lambda _: " and ".join(f"{d}s" for d in plan.calendar.meeting_days),
        "term_gantt": lambda _: term_gantt(plan),
        "this_week": lambda _: this_week_cards(plan, here),
        "feedback_example": lambda _: feedback_example(),
        "homework_page": homework_page,
        "late_days": lambda _: str(plan.calendar.late.days),
    }
    return _SITE_PLACEHOLDER.sub(lambda found: values[found["name"]](found["arg"]), text)


def feedback_example() -> str:
    """A pull-request comment as the autograder writes it, for a made-up HW3 submission.

    It is produced by the autograder's own formatter, so the page shows the real format.
    """
    failed = [
        (
            "test_create_course_without_a_title_is_422",
            "Expected: POST /api/courses without a title answers 422 with the error format. "
            "Your app answered 500 to POST /api/courses.",
        ),
        (
            "test_delete_course_with_groups_is_409",
            "Expected: A course that still has study groups is not deleted: 409, code "
            '"conflict". Your app answered 204 to DELETE /api/courses/5.',
        ),
    ]
    passed = [
        "test_create_course_answers_201_with_location",
        "test_read_course_by_id",
        "test_unknown_course_is_404",
        "test_update_course_changes_only_sent_fields",
    ]
    tests = [TestResult(humanize(name), 0.0, 12.5, "failed", why) for name, why in failed]
    tests += [TestResult(humanize(name), 12.5, 12.5, "passed") for name in passed]
    tests += [
        TestResult(humanize("test_patch_duplicate_code_is_409"), 12.5, 12.5, "passed", "",
                   "after_due_date"),
        TestResult(humanize("test_create_course_needs_a_token"), 12.5, 12.5, "passed", "",
                   "after_due_date"),
        TestResult("(still works) " + humanize("test_list_courses"), 0.0, 0.0, "passed",
                   given=True),
    ]  # fmt: skip
    result = GradeResult(
        assignment="hw03",
        submission="pull request",
        score=sum(test.score for test in tests),
        max_score=100,
        tests=tests,
    )
    # The comment's own heading would land in this page's table of contents: make it bold.
    return re.sub(r"^#+ (.+)$", r"**\1**", as_markdown(result), count=1, flags=re.MULTILINE)
