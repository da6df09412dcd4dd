"""Links of a pulled page, made to work in the site, and never to private material."""

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from course.site.notebooks import PublishedNotebook
from course.site.plan import relative_link
from courseware.paths import REPO_ROOT

_LINK = re.compile(r"(?<!\!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)")


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")


def outside_fences(markdown: str, transform: Any) -> str:
    """Apply `transform` to the Markdown outside fenced code blocks."""
    out: list[str] = []
    chunk: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        found = _FENCE.match(line)
        if fence is None and found:
            out.append(transform("".join(chunk)))
            chunk = []
            fence = found.group(2)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if found and found.group(2).startswith(fence[0] * len(fence)):
                fence = None
        else:
            chunk.append(line)
    out.append(transform("".join(chunk)))
    return "".join(out)


def is_private_path(path: Path) -> bool:
    """Repository files that must never be linked, quoted or published by the site."""
    relative = path.resolve().relative_to(REPO_ROOT.resolve()).as_posix()
    return relative.startswith(("solutions/", "autograder/", "worksheets/source/")) or relative in (
        "solutions",
        "autograder",
    )


def rewrite_links(
    markdown: str,
    source_path: Path,
    here: str,
    site_files: Mapping[Path, str],
    worksheets: list[PublishedNotebook],
    repo_url: str | None,
) -> str:
    """Make a pulled page's relative links work in the site.

    A link to another published file goes to its page; a link into worksheets/ goes to the
    published student version of that notebook; a link to another file of the repository goes
    to the repository (`repo_url`), or becomes plain text when there is none; a link to private
    material (solutions, hidden tests, worksheet sources) is reduced to its text.
    """
    by_name = {PurePosixPath(w.src_uri).name: w.page_uri for w in worksheets}

    def fix(found: re.Match[str]) -> str:
        target = found["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target):
            return found.group(0)
        path_part, hash_mark, anchor = target.partition("#")
        resolved = (source_path.parent / path_part).resolve()
        suffix = f"{hash_mark}{anchor}"
        if resolved in site_files:
            return f"[{found['text']}]({relative_link(site_files[resolved], here)}{suffix})"
        if not resolved.is_relative_to(REPO_ROOT):
            return found.group(0)
        relative = resolved.relative_to(REPO_ROOT).as_posix()
        if relative.startswith("worksheets/") and resolved.name in by_name:
            return f"[{found['text']}]({relative_link(by_name[resolved.name], here)})"
        if not resolved.exists():
            return found.group(0)  # mkdocs reports the broken link
        if is_private_path(resolved):
            return found["text"]
        if repo_url:
            kind = "tree" if resolved.is_dir() else "blob"
            return f"[{found['text']}]({repo_url.rstrip('/')}/{kind}/main/{relative}{suffix})"
        return f"{found['text']} (`{relative}`)"

    return outside_fences(markdown, lambda text: _LINK.sub(fix, text))
