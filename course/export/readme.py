"""The student repository's README: that week's homework, how to hand it in with the
deployment, then the app's own README."""

import re
from pathlib import Path

from course.content.pages import read_page
from course.export.site_links import SitePage, relink
from course.export.values import deployment_template, student_template, template_values
from course.site.dates import due_text
from course.site.placeholders import fill_placeholders
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR, REPO_ROOT
from courseware.templates import fill
from courseware.term import Homework, week_id


def homework_page(homework: Homework) -> Path:
    pages = sorted((LESSONS_DIR / week_id(homework.week)).glob(f"{homework.id}-*.md"))
    if not pages:
        raise CourseError(f"no homework page lessons/{week_id(homework.week)}/{homework.id}-*.md")
    return pages[0]


def demote_headings(markdown: str) -> str:
    """Headings one level down (the page's `## Goal` becomes `### Goal` under a README
    section), leaving fenced code alone."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip("\n")


def homework_sections(homework: Homework, site_url: str | None) -> tuple[str, str, list[SitePage]]:
    """(title, body, pages it names) of the homework page for a README: the due date filled
    in, links to course pages made absolute (or named, see `site_links`), and without its
    hand-in section (the README's own says how, per deployment)."""
    path = homework_page(homework)
    page = read_page(path)
    where = str(path.relative_to(REPO_ROOT))
    body = fill_placeholders(page.body, page.meta, load_calendar(), where)
    body = re.sub(r"(?ms)^## Due date and submission\n.*?(?=^## |\Z)", "", body)
    body, cited = relink(body, path, site_url)
    return str(page.meta.get("title", homework.title)), demote_headings(body), cited


def app_readme(starter_readme: str) -> str:
    """The starter's README without its title, headings demoted."""
    body = re.sub(r"\A# [^\n]*\n+", "", starter_readme)
    return demote_headings(body)


def student_readme(
    homework: Homework, starter_readme: str, deployment: str, site_url: str | None
) -> tuple[str, list[SitePage]]:
    """The README's text, and the course pages it names (links only with `site_url`)."""
    calendar = load_calendar()
    title, body, cited = homework_sections(homework, site_url)
    values = template_values(homework)
    values |= {
        "TITLE": title,
        "SITE": f"the [course website]({site_url})" if site_url else "the course website",
        "TERM": calendar.name,
        "DUE": due_text(calendar.due(homework)),
        "SUBMIT": deployment_template(f"{deployment}/submit.md", values).strip(),
        "TESTS_COMMENT": TESTS_COMMENT[homework.kind],
        "DO_NOT_CHANGE": fill(DO_NOT_CHANGE[homework.kind], values, "course/export/readme.py"),
        "HOMEWORK": body,
        "APP": app_readme(starter_readme),
    }
    return student_template("README.md", values), cited


# What differs in the README between kinds of homework (see courseware/term.py).
TESTS_COMMENT = {
    "contract": "the visible tests; this homework's tests fail until you do it",
    "setup": "the visible tests",
    "tests": "the given tests, and yours once you have written them",
}


DO_NOT_CHANGE = {
    "contract": (
        "Do not change `.github/workflows/`, `pyproject.toml`, `uv.lock` or the tests: the "
        "grader runs its own copy of the tests, with the dependency versions pinned here."
    ),
    "tests": (
        "Write your tests in new files named `tests/test_@@ASSIGNMENT@@_*.py`. Do not change "
        "`.github/workflows/`, `pyproject.toml`, `uv.lock` or the given tests: the grader runs "
        "your tests against its own copies of the app, with the dependency versions pinned "
        "here."
    ),
}
DO_NOT_CHANGE["setup"] = DO_NOT_CHANGE["contract"]
