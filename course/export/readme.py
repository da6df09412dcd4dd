"""The student repository's README: that week's homework, how to hand it in with the
deployment, then the app's own README."""

import posixpath
import re
from pathlib import Path, PurePosixPath

from course.content.pages import read_page
from course.export.values import deployment_template, student_template, template_values
from course.site.dates import due_text
from course.site.placeholders import fill_placeholders
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR, REPO_ROOT
from courseware.templates import fill
from courseware.term import Homework, week_id

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


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


def relink(markdown: str, page_uri: PurePosixPath, site_url: str | None) -> str:
    """Links between course pages point at the course website (or become plain text when
    its address is not known), since the repository does not hold those pages."""

    def replace(found: re.Match[str]) -> str:
        label, target = found.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
            return found.group(0)
        path, _, anchor = target.partition("#")
        resolved = PurePosixPath(posixpath.normpath(page_uri.parent / path))
        if not site_url:
            return f"{label} (on the course website)"
        page = resolved.with_suffix("") if resolved.suffix == ".md" else resolved
        url = f"{site_url.rstrip('/')}/{page.as_posix()}/" + (f"#{anchor}" if anchor else "")
        return f"[{label}]({url})"

    return _LINK.sub(replace, markdown)


def homework_sections(homework: Homework, site_url: str | None) -> tuple[str, str]:
    """(title, body) of the homework page for a README: the due date filled in, links made
    absolute, and without its hand-in section (the README's own says how, per deployment)."""
    path = homework_page(homework)
    page = read_page(path)
    where = str(path.relative_to(REPO_ROOT))
    body = fill_placeholders(page.body, page.meta, load_calendar(), where)
    body = re.sub(r"(?ms)^## Due date and submission\n.*?(?=^## |\Z)", "", body)
    page_uri = PurePosixPath("weeks") / path.relative_to(LESSONS_DIR).as_posix()
    return str(page.meta.get("title", homework.title)), demote_headings(
        relink(body, page_uri, site_url)
    )


def app_readme(starter_readme: str) -> str:
    """The starter's README without its title, headings demoted."""
    body = re.sub(r"\A# [^\n]*\n+", "", starter_readme)
    return demote_headings(body)


def student_readme(
    homework: Homework, starter_readme: str, deployment: str, site_url: str | None
) -> str:
    calendar = load_calendar()
    title, body = homework_sections(homework, site_url)
    values = template_values(homework)
    values |= {
        "TITLE": title,
        "TERM": calendar.name,
        "DUE": due_text(calendar.due(homework)),
        "SUBMIT": deployment_template(f"{deployment}/submit.md", values).strip(),
        "TESTS_COMMENT": TESTS_COMMENT[homework.kind],
        "DO_NOT_CHANGE": fill(DO_NOT_CHANGE[homework.kind], values, "course/export/readme.py"),
        "HOMEWORK": body,
        "APP": app_readme(starter_readme),
    }
    return student_template("README.md", values)


# What differs in the README between kinds of homework (see courseware/term.py).
TESTS_COMMENT = {
    "contract": "the visible tests; this homework's tests fail until you do it",
    "setup": "the visible tests",
    "tests": "the given tests, and yours once you have written them",
}


DO_NOT_CHANGE = {
    "contract": (
        "Do not change `.github/workflows/`, `pyproject.toml` or the tests: the grader runs "
        "its own copy of the tests, with the dependency versions pinned here."
    ),
    "tests": (
        "Write your tests in new files named `tests/test_@@ASSIGNMENT@@_*.py`. Do not change "
        "`.github/workflows/`, `pyproject.toml` or the given tests: the grader runs your tests "
        "against its own copies of the app, with the dependency versions pinned here."
    ),
}
DO_NOT_CHANGE["setup"] = DO_NOT_CHANGE["contract"]
