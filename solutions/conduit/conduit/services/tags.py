from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.models import Tag, article_tags


# >>> homework capstone-final
async def tags_in_use(session: AsyncSession) -> list[str]:
    """Every tag at least one article has, the most used first (then by name): a frontend's
    "popular tags" box shows the head of this list. A tag whose last article was deleted is
    no longer in it."""
    uses = func.count(article_tags.c.article_id)
    rows = await session.scalars(
        select(Tag.name)
        .join(article_tags, article_tags.c.tag_id == Tag.id)
        .group_by(Tag.id, Tag.name)
        .order_by(uses.desc(), Tag.name)
    )
    return list(rows)


# === before
# async def tags_in_use(session: AsyncSession) -> list[str]:
#     """Every tag at least one article has, the most used first (then by name).
#
#     TODO(capstone-final): one query joining `tags` to `article_tags`, grouped by tag.
#     """
#     raise NotImplementedError("TODO(capstone-final): tags_in_use")
# <<<
