"""Writing articles: create, change, delete, favorite. Only an article's author changes or
deletes it; anyone logged in favorites it."""

from collections.abc import Awaitable, Callable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from conduit.core.database import utc_now
from conduit.core.errors import ForbiddenError, NotFoundError, UnprocessableError
from conduit.models import Article, Favorite, Tag
from conduit.schemas.article import ArticleRead, ArticleUpdate, NewArticle
from conduit.services.article_reads import find_article, read_article
from conduit.services.common import add_link_once
from conduit.services.slugs import unique_slug

# Two requests creating the same new tag (or slug) at once: the later commit meets the
# unique constraint, and its second attempt finds the row the first one made.
SAVE_ATTEMPTS = 3


async def create_article(session: AsyncSession, author_id: int, data: NewArticle) -> ArticleRead:
    """Store the article and answer it as GET /api/articles/{slug} would (read_article).

    TODO(capstone): the slug from unique_slug(session, data.title); each tag of
    `data.tag_list` is one row of `tags`, made when it is new; created_at and updated_at
    the same moment (utc_now()).
    """
    raise NotImplementedError("TODO(capstone): create_article")


async def update_article(
    session: AsyncSession, slug: str, user_id: int, data: ArticleUpdate
) -> ArticleRead:
    """Change only what was sent (`data.changes()`), and answer the article.

    TODO(capstone): 404 for an unknown slug, 403 (ForbiddenError) when `user_id` is not
    the author; a new title makes a new slug; a sent tagList replaces the tags; updated_at
    moves on.
    """
    raise NotImplementedError("TODO(capstone): update_article")


async def delete_article(session: AsyncSession, slug: str, user_id: int) -> None:
    """Delete the article (its comments, favorites and tag links go with it: the tables
    cascade).

    TODO(capstone): 404 for an unknown slug, 403 when `user_id` is not the author.
    """
    raise NotImplementedError("TODO(capstone): delete_article")


async def favorite(session: AsyncSession, slug: str, user_id: int) -> ArticleRead:
    """Favorite the article and answer it with `favorited` and `favoritesCount`.

    TODO(capstone-final): 404 for an unknown slug; favoriting twice leaves one row
    (add_link_once).
    """
    raise NotImplementedError("TODO(capstone-final): favorite")


async def unfavorite(session: AsyncSession, slug: str, user_id: int) -> ArticleRead:
    """Take the favorite back (never favorited: nothing changes), and answer the article.

    TODO(capstone-final): 404 for an unknown slug.
    """
    raise NotImplementedError("TODO(capstone-final): unfavorite")
