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


async def tags_named(session: AsyncSession, names: list[str]) -> list[Tag]:
    """The tags of these names, in this order: the existing rows, new ones for the rest."""
    if not names:
        return []
    existing = {
        tag.name: tag for tag in await session.scalars(select(Tag).where(Tag.name.in_(names)))
    }
    return [existing.get(name) or Tag(name=name) for name in names]


async def save_with_retry(session: AsyncSession, prepare: Callable[[], Awaitable[Article]]) -> str:
    """Build the article with `prepare`, commit it and return its slug; a lost race with
    another request (a tag or a slug made at the same moment) is retried."""
    for _ in range(SAVE_ATTEMPTS):
        article = await prepare()
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            continue
        return article.slug
    raise UnprocessableError("the article could not be saved right now; try again")


async def create_article(session: AsyncSession, author_id: int, data: NewArticle) -> ArticleRead:
    async def prepare() -> Article:
        now = utc_now()
        article = Article(
            slug=await unique_slug(session, data.title),
            title=data.title,
            description=data.description,
            body=data.body,
            author_id=author_id,
            tags=await tags_named(session, data.tag_list),
            created_at=now,
            updated_at=now,
        )
        session.add(article)
        return article

    slug = await save_with_retry(session, prepare)
    return await read_article(session, slug, author_id)


async def authored_article(session: AsyncSession, slug: str, user_id: int) -> Article:
    """The article, when `user_id` wrote it: 404 when there is none, 403 when another did."""
    article = await session.scalar(
        select(Article).where(Article.slug == slug).options(selectinload(Article.tags))
    )
    if article is None:
        raise NotFoundError(f"there is no article {slug!r}")
    if article.author_id != user_id:
        raise ForbiddenError("only the author of an article may change or delete it")
    return article


async def update_article(
    session: AsyncSession, slug: str, user_id: int, data: ArticleUpdate
) -> ArticleRead:
    """Change what was sent; a new title makes a new slug (the answer has it)."""

    async def prepare() -> Article:
        article = await authored_article(session, slug, user_id)
        changes = data.changes()
        if "title" in changes:
            article.slug = await unique_slug(session, changes["title"], current=article.slug)
            article.title = changes["title"]
        for field in ("description", "body"):
            if field in changes:
                setattr(article, field, changes[field])
        if "tag_list" in changes:
            article.tags = await tags_named(session, changes["tag_list"])
        article.updated_at = utc_now()
        return article

    new_slug = await save_with_retry(session, prepare)
    return await read_article(session, new_slug, user_id)


async def delete_article(session: AsyncSession, slug: str, user_id: int) -> None:
    """Delete the article; its comments, favorites and tag links go with it (ON DELETE
    CASCADE). Tags no other article uses stay, and leave the tag list (services/tags.py)."""
    article = await authored_article(session, slug, user_id)
    await session.execute(delete(Article).where(Article.id == article.id))
    await session.commit()


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
