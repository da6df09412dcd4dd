"""Reading articles: one, a filtered page, the feed.

Every article is read with everything its answer shows in a fixed number of queries, however
many articles a page holds: the author is joined, `favoritesCount` is a COUNT and `favorited`
and `following` are EXISTS subqueries of the same SELECT, and the tags of the whole page come
in one more query (selectinload). The models load nothing lazily (`lazy="raise"`), so a query
that forgot something fails loudly instead of quietly sending one query per article.
"""

from typing import Any

from sqlalchemy import ColumnElement, Row, Select, exists, false, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, contains_eager, selectinload

from conduit.core.errors import NotFoundError
from conduit.models import Article, Favorite, Follow, Tag, User, article_tags
from conduit.schemas.article import (
    ArticleListResponse,
    ArticlePage,
    ArticleQuery,
    ArticleRead,
    ArticleSummary,
)
from conduit.services.profiles import follows, profile_read


def favorited_by(viewer_id: int | None) -> ColumnElement[bool]:
    # >>> homework capstone-final
    if viewer_id is None:
        return false()
    return exists().where(Favorite.article_id == Article.id, Favorite.user_id == viewer_id)
    # === before
    # # TODO(capstone-final): whether the reader favorited the article, an EXISTS on
    # # favorites (false() for a reader without a token).
    # return false()
    # <<<


def articles_with_counts(viewer_id: int | None) -> Select[tuple[Article, int, bool, bool]]:
    """Articles with their author and tags, how many favorited each, and whether the reader
    favorited it and follows its author."""
    # >>> homework capstone-final
    favorites_count = (
        select(func.count())
        .where(Favorite.article_id == Article.id)
        .correlate(Article)
        .scalar_subquery()
    )
    # === before
    # # TODO(capstone-final): how many users favorited the article, a COUNT subquery of
    # # favorites correlated with the article.
    # favorites_count = select(func.count()).where(false()).scalar_subquery()  # always 0
    # <<<
    return (
        select(
            Article,
            favorites_count.label("favorites_count"),
            favorited_by(viewer_id).label("favorited"),
            follows(viewer_id, Article.author_id).label("following"),
        )
        .join(Article.author)
        .options(contains_eager(Article.author), selectinload(Article.tags))
        # An article this request already changed is read again from the database, with
        # everything the answer shows, not taken as it is from the session.
        .execution_options(populate_existing=True)
    )


# >>> homework capstone
def conditions(filters: ArticleQuery) -> list[ColumnElement[bool]]:
    """WHERE clauses for the filters, to go with a query that joins the author (`User`)."""
    where: list[ColumnElement[bool]] = []
    if filters.author is not None:
        where.append(User.username == filters.author.lower())
    if filters.tag is not None:
        tagged = (
            select(article_tags.c.article_id)
            .join(Tag, Tag.id == article_tags.c.tag_id)
            .where(Tag.name == filters.tag)
        )
        where.append(Article.id.in_(tagged))
    if filters.favorited is not None:
        # >>> homework capstone-final
        # Its own alias of users: the outer query's `users` is the author, not the fan.
        fan = aliased(User)
        favorites = (
            select(Favorite.article_id)
            .join(fan, fan.id == Favorite.user_id)
            .where(fan.username == filters.favorited.lower())
        )
        where.append(Article.id.in_(favorites))
        # === before
        # # TODO(capstone-final): the articles that user favorited. Until favorites are
        # # stored nobody has favorited anything, so no article matches.
        # where.append(false())
        # <<<
    return where


# === starter
# def conditions(filters: ArticleQuery) -> list[ColumnElement[bool]]:
#     """WHERE clauses for the filters that were given (`author`, `tag`; `favorited` is
#     milestone 2's), to go with a query that joins the author (`User`).
#
#     TODO(capstone): `author` in any case; `tag`: the articles that have that tag.
#     """
#     raise NotImplementedError("TODO(capstone): the list's filters")
# <<<


def article_fields(row: Row[tuple[Article, int, bool, bool]]) -> dict[str, Any]:
    """What a list shows of one article (everything but its body)."""
    article, favorites_count, favorited, following = row
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "tag_list": [tag.name for tag in article.tags],
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "favorited": bool(favorited),
        "favorites_count": favorites_count,
        "author": profile_read(article.author, bool(following)),
    }


# >>> homework capstone
async def page_of(
    session: AsyncSession,
    where: list[ColumnElement[bool]],
    viewer_id: int | None,
    page: ArticlePage,
) -> ArticleListResponse:
    """The articles matching `where`, newest first, one page of them, and how many match."""
    total = await session.scalar(
        select(func.count()).select_from(Article).join(Article.author).where(*where)
    )
    rows = await session.execute(
        articles_with_counts(viewer_id)
        .where(*where)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(page.limit)
        .offset(page.offset)
    )
    return ArticleListResponse(
        articles=[ArticleSummary(**article_fields(row)) for row in rows], articles_count=total or 0
    )


async def list_articles(
    session: AsyncSession, query: ArticleQuery, viewer_id: int | None
) -> ArticleListResponse:
    return await page_of(session, conditions(query), viewer_id, query)


# === starter
# async def page_of(
#     session: AsyncSession,
#     where: list[ColumnElement[bool]],
#     viewer_id: int | None,
#     page: ArticlePage,
# ) -> ArticleListResponse:
#     """The articles matching `where`, newest first, one page of them, and how many match.
#
#     TODO(capstone): count the matching articles (every page of them), then read one page
#     with articles_with_counts(viewer_id), ordered by created_at (and id) descending, with
#     page.limit and page.offset; each row becomes ArticleSummary(**article_fields(row)).
#     """
#     raise NotImplementedError("TODO(capstone): page_of")
#
#
# async def list_articles(
#     session: AsyncSession, query: ArticleQuery, viewer_id: int | None
# ) -> ArticleListResponse:
#     raise NotImplementedError("TODO(capstone): list_articles (page_of with conditions)")
# <<<


# >>> homework capstone-final
async def feed(session: AsyncSession, viewer_id: int, page: ArticlePage) -> ArticleListResponse:
    """The articles of the authors the reader follows, newest first."""
    followed = select(Follow.followed_id).where(Follow.follower_id == viewer_id)
    return await page_of(session, [Article.author_id.in_(followed)], viewer_id, page)


# === before
# async def feed(session: AsyncSession, viewer_id: int, page: ArticlePage) -> ArticleListResponse:
#     """The articles of the authors the reader follows, newest first, paged like the list.
#
#     TODO(capstone-final): page_of with one condition, the author among those followed.
#     """
#     raise NotImplementedError("TODO(capstone-final): feed")
# <<<


# >>> homework capstone
async def read_article(session: AsyncSession, slug: str, viewer_id: int | None) -> ArticleRead:
    row = (
        await session.execute(articles_with_counts(viewer_id).where(Article.slug == slug))
    ).first()
    if row is None:
        raise NotFoundError(f"there is no article {slug!r}")
    return ArticleRead(**article_fields(row), body=row[0].body)


# === starter
# async def read_article(session: AsyncSession, slug: str, viewer_id: int | None) -> ArticleRead:
#     """One article with its body, as the reader `viewer_id` sees it.
#
#     TODO(capstone): 404 for an unknown slug; one query (articles_with_counts) filtered by
#     the slug, then ArticleRead(**article_fields(row), body=...).
#     """
#     raise NotImplementedError("TODO(capstone): read_article")
# <<<


async def find_article(session: AsyncSession, slug: str) -> Article:
    """The article alone (its author and tags not loaded), to change it or write under it."""
    article = await session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise NotFoundError(f"there is no article {slug!r}")
    return article
