from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.models import Tag, article_tags


async def tags_in_use(session: AsyncSession) -> list[str]:
    """Every tag at least one article has, the most used first (then by name).

    TODO(capstone-final): one query joining `tags` to `article_tags`, grouped by tag.
    """
    raise NotImplementedError("TODO(capstone-final): tags_in_use")
