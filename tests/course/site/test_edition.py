"""The two editions of the site: the public one holds no answer key (and its leak check finds a
pasted one), the instructors' edition holds every key under a banner on every page."""

import fcntl
import shutil
from pathlib import Path

import markdown
import pytest

from course.content.instructor_blocks import InstructorBlock, read_blocks
from course.site.build import check_leaks
from course.site.edition import BANNER_TEXT, SITE_NAME_SUFFIX
from course.site.leaks import find_leaks
from course.site.secrets import INSTRUCTOR_BLOCK_KIND, instructor_block_secrets, words_of
from course.site.sources import lesson_sources
from courseware.paths import LESSONS_DIR, REPO_ROOT
from tests.support.commands import run_course
from tests.support.site import page_text

HUNT = "week-02/session-1-backend-deep-dive.md"
SAFARI = "week-06/session-1-errors-that-matter.md"
HANDOUT_PAGE = "weeks/week-02/handouts/scavenger-hunt/index.html"


def answer_key(name: str) -> InstructorBlock:
    text = (LESSONS_DIR / name).read_text(encoding="utf-8")
    return next(block for block in read_blocks(text, name).blocks if block.label == "Answer key")


def key_lines(block: InstructorBlock) -> list[str]:
    """The lines of a key that say something of their own, as words."""
    return [words_of(line) for line in block.lines if len(words_of(line)) >= 30]


# One line of each key, to look for by its words however the page renders it.
HUNT_LINE = "`User` is in `coursehub/models/user.py`; it maps to the table `users`."
SAFARI_LINE = "| J | `POST /api/courses` with code `cs 9!`, title of spaces | **201**:"


@pytest.fixture(scope="module")
def instructors_site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """`course site build --instructors` once for the run, shared by the xdist workers."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    destination, log_file = shared / "instructors-site", shared / "instructors-site.log"
    with (shared / "instructors-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log_file.exists():
            result = run_course(
                "site", "build", "--instructors", "--out", str(destination), timeout=600
            )
            log = result.stdout + result.stderr
            assert result.returncode == 0, log[-6000:]
            log_file.write_text(log, encoding="utf-8")
    return destination


def test_the_public_site_holds_no_answer_key(site_dir):
    for name, line in ((HUNT, HUNT_LINE), (SAFARI, SAFARI_LINE)):
        block = answer_key(name)
        assert any(line in source for source in block.lines), f"{name} no longer has {line!r}"
        page = "weeks/" + name.removesuffix(".md") + "/index.html"
        shown = words_of(page_text(site_dir, page))
        assert words_of(line) not in shown, page
        assert [key for key in key_lines(block) if key in shown] == [], page
        assert "Answer key: in the instructors' edition." in page_text(site_dir, page)
        html = (site_dir / page).read_text(encoding="utf-8")
        assert "<!-- instructors" not in html and "Instructors only" not in html
    search = words_of(page_text(site_dir, "search/search_index.json"))
    assert words_of(HUNT_LINE) not in search and words_of(SAFARI_LINE) not in search
    assert BANNER_TEXT not in page_text(site_dir, "index.html")


def test_the_instructors_edition_holds_every_key_under_a_banner(instructors_site):
    for name, line in ((HUNT, HUNT_LINE), (SAFARI, SAFARI_LINE)):
        page = "weeks/" + name.removesuffix(".md") + "/index.html"
        text = page_text(instructors_site, page)
        assert words_of(line) in words_of(text), page
        assert "Instructors only: Answer key" in text
        assert all(key in words_of(text) for key in key_lines(answer_key(name))), page
    pages = sorted(instructors_site.rglob("*.html"))
    assert len(pages) > len(lesson_sources())
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert 'data-course-edition="instructors"' in html, path
    text = page_text(instructors_site, "index.html")
    assert BANNER_TEXT in text and SITE_NAME_SUFFIX.strip(" ·") in text


def test_the_instructors_edition_is_checked_for_everything_but_its_keys(instructors_site):
    assert check_leaks(instructors_site, instructors=True) == []
    # Published by mistake, it would fail the public leak check on every key.
    leaks = check_leaks(instructors_site)
    assert {leak.kind for leak in leaks} == {INSTRUCTOR_BLOCK_KIND}
    assert any(leak.origin.startswith(f"lessons/{HUNT}:") for leak in leaks)
    assert any(leak.origin.startswith(f"lessons/{SAFARI}:") for leak in leaks)


def test_a_key_pasted_into_a_handout_is_a_leak(site_dir, tmp_path):
    """The week-2 key, pasted into the scavenger-hunt handout as Markdown and rendered."""
    planted = tmp_path / "planted"
    shutil.copytree(site_dir, planted)
    handout = planted / HANDOUT_PAGE
    pasted = markdown.markdown("\n".join(answer_key(HUNT).lines), extensions=["tables"])
    html = handout.read_text(encoding="utf-8")
    handout.write_text(html.replace("</article>", pasted + "</article>", 1), encoding="utf-8")
    secrets = instructor_block_secrets()
    assert find_leaks(site_dir, secrets) == []
    leaks = find_leaks(planted, secrets)
    assert [(leak.page, leak.kind) for leak in leaks] == [(HANDOUT_PAGE, INSTRUCTOR_BLOCK_KIND)]
    assert leaks[0].origin.startswith(f"lessons/{HUNT}:")


def test_the_instructors_edition_is_never_built_into_the_published_folder():
    result = run_course("site", "build", "--instructors", "--out", str(REPO_ROOT / "site"))
    assert result.returncode == 2
    assert "must not go to site/" in result.stderr
