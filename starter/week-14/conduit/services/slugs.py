"""An article's slug: its title as a URL can show it ("How to train your dragon" is
how-to-train-your-dragon), made unique with a short random suffix when another article
already has it."""

import re
import secrets
import unicodedata

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.errors import UnprocessableError
from conduit.models import Article

# The slug column holds 120 characters: the title's part, "-" and a suffix fit.
MAX_BASE_CHARS = 100
SUFFIX_BYTES = 3  # six hexadecimal digits: a fresh one is taken once in sixteen million
ATTEMPTS = 5


def slugify(title: str) -> str:
    """Lower-case ASCII letters and digits joined by "-": accents dropped ("Crème brûlée" is
    creme-brulee), everything else a separator. A title with nothing left is "article"."""
    ascii_only = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_only.lower())
    slug = "-".join(words)[:MAX_BASE_CHARS].strip("-")
    return slug or "article"


def is_slug_of(slug: str, base: str) -> bool:
    """Whether `slug` is `base` itself or `base` with one of our suffixes."""
    return re.fullmatch(re.escape(base) + rf"(-[0-9a-f]{{{SUFFIX_BYTES * 2}}})?", slug) is not None


async def unique_slug(session: AsyncSession, title: str, current: str | None = None) -> str:
    """A slug for `title` no other article has. An article keeping (a spelling of) its title
    keeps `current`, the slug it already has: links to it keep working."""
    base = slugify(title)
    if current is not None and is_slug_of(current, base):
        return current
    candidate = base
    for _ in range(ATTEMPTS):
        if await session.scalar(select(Article.id).where(Article.slug == candidate)) is None:
            return candidate
        candidate = f"{base}-{secrets.token_hex(SUFFIX_BYTES)}"
    raise UnprocessableError("no free slug for this title right now; try again")
