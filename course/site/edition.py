"""The two editions of the site. The public one leaves out every instructors block of the
lessons (answer keys, notes for whoever runs the session; see
`course.content.instructor_blocks`) and says where they are instead. The instructors' edition
keeps each block under a label and says on every page that it is not to be published.

`course site build --instructors` asks for it by setting `COURSE_SITE_EDITION=instructors` for
the mkdocs process, the way `--date` sets `COURSE_SITE_DATE`: mkdocs runs the hooks in a
process of its own, and the environment is what reaches them.
"""

import html
import os
from collections.abc import Mapping

from course.content.instructor_blocks import InstructorBlock, replace_blocks
from courseware.errors import CourseError
from courseware.paths import REPO_ROOT

EDITION_VARIABLE = "COURSE_SITE_EDITION"

PUBLIC, INSTRUCTORS = "public", "instructors"

# Where `course site build --instructors` writes by default (kept out of git).
INSTRUCTORS_SITE_DIR = REPO_ROOT / "site-instructors"

# Where the public site is built to, and from where it is published.
PUBLIC_SITE_DIR = REPO_ROOT / "site"

SITE_NAME_SUFFIX = " · instructors' edition"

BANNER_TEXT = (
    "Instructors' edition: this site shows the answer keys and notes of the lesson plans. "
    "Share it with the teaching team only; never publish it or give it to students."
)


def site_edition(environ: Mapping[str, str] = os.environ) -> str:
    """`public`, unless COURSE_SITE_EDITION asks for the instructors' edition."""
    value = environ.get(EDITION_VARIABLE, "").strip().lower() or PUBLIC
    if value not in (PUBLIC, INSTRUCTORS):
        raise CourseError(f"{EDITION_VARIABLE}={value!r}: use {PUBLIC} or {INSTRUCTORS}")
    return value


def _public_note(block: InstructorBlock) -> list[str]:
    return ["", f"{block.indent}*{block.label}: in the instructors' edition.*", ""]


def _labelled(block: InstructorBlock) -> list[str]:
    title = f"Instructors only: {block.label}".replace('"', "'")
    body = [f"    {line}" if line.strip() else "" for line in block.lines]
    return ["", f'{block.indent}!!! warning "{title}"', "", *body, ""]


def edition_markdown(markdown: str, shown: str, edition: str) -> str:
    """A lesson page as the edition shows it: blocks left out (public) or labelled."""
    return replace_blocks(markdown, shown, _labelled if edition == INSTRUCTORS else _public_note)


def with_banner(page_html: str) -> str:
    """The page with the instructors' edition banner at its top, where Material for MkDocs
    puts an announcement."""
    banner = (
        '<aside class="md-banner md-banner--warning" data-course-edition="instructors">'
        '<div class="md-banner__inner md-grid md-typeset">'
        f"<strong>{html.escape(BANNER_TEXT)}</strong></div></aside>"
    )
    slot = '<div data-md-component="announce">'
    if slot in page_html:
        return page_html.replace(slot, slot + banner, 1)
    head, found, rest = page_html.partition("<body")
    if not found:
        return banner + page_html
    tag_end = rest.index(">") + 1
    return head + found + rest[:tag_end] + banner + rest[tag_end:]
