"""Links of a lesson page, made right for a student repository, which holds none of the
pages they point at.

With the course website's address known, a link to a page the site publishes becomes that
page's address there. Without it, the link becomes the page's name and where the site's
navigation shows it, so that the sentence still tells a student what to open. A link to
anything the site does not publish is an error: it would be a dead reference either way.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from course.content.pages import read_page
from course.site.links import outside_fences
from course.site.sources import lesson_assets, lesson_sources
from courseware.errors import CourseError
from courseware.paths import REPO_ROOT
from courseware.term import parse_week

DOCS_DIR = REPO_ROOT / "docs"
# What mkdocs.yml leaves out of the site (`exclude_docs`).
_NOT_PUBLISHED = ("hooks", "assets")

# A Markdown link or picture; its text may wrap onto the next line.
_LINK = re.compile(r"(?P<picture>!?)\[(?P<label>[^\]]+)\]\((?P<target>[^)\s]+)\)")
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:|^#")


@dataclass(frozen=True)
class SitePage:
    """A page (or file) of the course website, as a student finds it there."""

    address: str  # relative to the site's root, e.g. weeks/week-04/handouts/endpoint-recipe/
    title: str
    where: str  # its place in the site's navigation, e.g. "Weeks → Week 4"; "" if none


def page_address(src_uri: str) -> str:
    """Where mkdocs (with directory URLs, its default) publishes a source file."""
    path = PurePosixPath(src_uri)
    if path.suffix != ".md":
        return src_uri
    if path.name in ("index.md", "README.md"):
        return f"{path.parent.as_posix()}/" if path.parent.as_posix() != "." else ""
    return f"{path.with_suffix('').as_posix()}/"


def _docs_title(path: Path) -> str:
    title = read_page(path).meta.get("title")
    return str(title) if title else path.stem.replace("-", " ").capitalize()


@cache
def site_pages() -> dict[Path, SitePage]:
    """The files of the repository that the course website publishes, by their path."""
    pages: dict[Path, SitePage] = {}
    for source in lesson_sources():
        title = f"Session {source.session}: {source.title}" if source.session else source.title
        where = f"Weeks → Week {source.week}"
        pages[source.path.resolve()] = SitePage(page_address(source.src_uri), title, where)
    for path, src_uri in lesson_assets():
        where = f"Weeks → Week {parse_week(PurePosixPath(src_uri).parts[1])}"
        pages[path.resolve()] = SitePage(src_uri, path.name, where)
    for path in sorted(DOCS_DIR.rglob("*.md")):
        relative = path.relative_to(DOCS_DIR)
        if relative.parts[0] not in _NOT_PUBLISHED:
            pages[path.resolve()] = SitePage(
                page_address(relative.as_posix()), _docs_title(path), ""
            )
    return pages


def checked_site_url(site_url: str | None) -> str | None:
    """The site's address with one trailing slash, or None; a mistyped one is refused."""
    if not site_url:
        return None
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise CourseError(
            f"--site-url {site_url!r} is not the address of a website: give one such as "
            "https://my-course.github.io/coursehub/"
        )
    return site_url.rstrip("/") + "/"


def comparable(text: str) -> str:
    """`behavior-contract\ntemplate` and `Behavior contract template` name the same page."""
    return " ".join(re.sub(r"[\W_]+", " ", text).lower().split())


def named(label: str, page: SitePage, picture: bool) -> str:
    """A link's text, and where on the site a student finds what it pointed at."""
    where = f"on the course website: {page.where}" if page.where else "on the course website"
    if picture:
        return f"*{label}* (a picture {where})"
    if comparable(label) == comparable(page.title):
        return f"*{label}* ({where})"
    return f"{label} (*{page.title}*, {where})"


def relink(markdown: str, source: Path, site_url: str | None) -> tuple[str, list[SitePage]]:
    """`markdown` (the text of the lesson file `source`) with each link to another course
    page made absolute on `site_url`, or named when it is None; and the pages it names."""
    pages = site_pages()
    cited: list[SitePage] = []

    def replace(found: re.Match[str]) -> str:
        picture, label, target = bool(found["picture"]), found["label"], found["target"]
        if _EXTERNAL.match(target):
            return found.group(0)
        path, hash_mark, anchor = target.partition("#")
        page = pages.get((source.parent / path).resolve())
        if page is None:
            raise CourseError(
                f"{source.relative_to(REPO_ROOT)} links to {target}, which the course website "
                "does not publish: a student repository could not follow it; link a lesson, "
                "handout or site page instead"
            )
        cited.append(page)
        if site_url is None:
            return named(label, page, picture)
        return f"{found['picture']}[{label}]({site_url}{page.address}{hash_mark}{anchor})"

    return outside_fences(markdown, lambda text: _LINK.sub(replace, text)), cited
