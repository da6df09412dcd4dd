"""The leak check of a built site: every file, read as a person sees it, against the
fingerprints of what must not be published (in its words only, for secrets that are Markdown:
see `course.site.secrets`)."""

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.site.secrets import Secret, collapse_space, words_of


@dataclass(frozen=True)
class Leak:
    page: str  # the file in the built site
    origin: str
    kind: str
    found: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.page}: {self.kind} from {self.origin}, e.g. {self.found[0][:120]!r}"


_TAG = re.compile(r"<[^>]+>")


_SKIPPED_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".ttf", ".gz", ".zip",
    ".map", ".css", ".js",
}  # fmt: skip


def site_text(path: Path) -> str:
    """A built file as a reader sees it: tags removed, entities decoded, whitespace collapsed."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".json", ".ipynb"):
        strings: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                strings.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                # A notebook cell's source is a list of lines: keep them one text.
                if value and all(isinstance(item, str) for item in value):
                    strings.append("".join(value))
                else:
                    for item in value:
                        walk(item)

        try:
            walk(json.loads(raw))
            raw = "\n".join(strings)
        except ValueError:
            pass
    if path.suffix in (".html", ".htm", ".xml", ".json", ".ipynb"):
        # Tags go without a trace: highlighted code is one <span> per token.
        raw = html.unescape(_TAG.sub("", raw))
    return collapse_space(raw)


def find_leaks(site_dir: Path, secrets: list[Secret]) -> list[Leak]:
    """Every built file that contains a fingerprint of a secret."""
    leaks = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() in _SKIPPED_SUFFIXES:
            continue
        text = site_text(path)
        words = words_of(text) if any(secret.words for secret in secrets) else ""
        for secret in secrets:
            seen = words if secret.words else text
            if found := sorted(f for f in secret.fingerprints if f in seen):
                leaks.append(
                    Leak(
                        path.relative_to(site_dir).as_posix(),
                        secret.origin,
                        secret.kind,
                        tuple(found),
                    )
                )
    return leaks
