"""Building the course website once for the whole test run, and reading what it built."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from course.site.dates import solution_releases
from course.site.leaks import Leak, find_leaks, site_text
from course.site.secrets import Secret, collect_secrets
from courseware.calendar import load_calendar
from courseware.paths import REPO_ROOT


def build(destination: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, exactly as CI and the Pages workflow run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def page_text(site_dir: Path, page: str) -> str:
    return site_text(site_dir / page)


def built_page(src_uri: str) -> str:
    """Where mkdocs writes the page of a source file (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


def highlighted(code: str) -> str:
    """Code as the site shows it: one <span> per token, entities escaped."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(code, PythonLexer(), HtmlFormatter())


PLANTED_PAGE = "weeks/index.html"


def plant(site_dir: Path, into: Path, text: str) -> Path:
    """A copy of the built site with `text` added, highlighted, to one page."""
    shutil.copytree(site_dir, into)
    page = into / PLANTED_PAGE
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", highlighted(text) + "</article>", 1), "utf-8")
    return into


def leaks_on_the_planted_page(site_dir: Path, secrets: list[Secret]) -> list[Leak]:
    """Leaks in the page we planted into. (Other pages may show solutions that are released
    today but not at the earlier moments some tests look from.)"""
    return [leak for leak in find_leaks(site_dir, secrets) if leak.page == PLANTED_PAGE]


HIDDEN_TEST = """\
def test_patch_course_keeps_the_fields_it_was_not_sent(client, auth):
    created = client.post("/api/courses", json={"code": "PL-404", "title": "Planted"},
                          headers=auth("carol")).json()
    changed = client.patch(f"/api/courses/{created['id']}", json={"credits": 7},
                           headers=auth("carol"))
    assert changed.json()["title"] == "Planted"
"""


def secrets_as_of(moment, private: dict[str, Path], homework=()) -> list[Secret]:
    """The stand-in private material, and the reference solutions of `homework`."""
    return collect_secrets(
        moment,
        solution_releases(load_calendar()),
        autograder_dir=private["autograder"],
        worksheet_source_dir=private["worksheets"],
        homework=homework,
    )
