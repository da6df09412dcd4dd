from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from conduit.api.deps import OPTIONAL_TOKEN, CurrentUser, OptionalUser, SessionDep
from conduit.core.errors import error_responses
from conduit.routes.params import Slug
from conduit.schemas.article import (
    ArticleListResponse,
    ArticlePage,
    ArticleQuery,
    ArticleResponse,
    ArticleUpdateRequest,
    NewArticleRequest,
)
from conduit.services import article_reads
from conduit.services import articles as article_service

router = APIRouter(prefix="/api/articles", tags=["Articles"])


@router.get(
    "",
    operation_id="GetArticles",
    response_model=ArticleListResponse,
    responses=error_responses(401, 422),
    openapi_extra=OPTIONAL_TOKEN,
)
async def list_articles(
    query: Annotated[ArticleQuery, Query()], reader: OptionalUser, session: SessionDep
) -> ArticleListResponse:
    """The newest articles first, narrowed by `tag`, `author` and `favorited` (the username
    of a user who favorited them); `articlesCount` counts every page. Token optional."""
    reader_id = reader.id if reader else None
    return await article_reads.list_articles(session, query, reader_id)


@router.get(
    "/feed",
    operation_id="GetArticlesFeed",
    response_model=ArticleListResponse,
    responses=error_responses(401, 422),
)
async def feed(
    page: Annotated[ArticlePage, Query()], user: CurrentUser, session: SessionDep
) -> ArticleListResponse:
    """The newest articles of the authors the reader follows."""
    return await article_reads.feed(session, user.id, page)


@router.post(
    "",
    operation_id="CreateArticle",
    status_code=status.HTTP_201_CREATED,
    response_model=ArticleResponse,
    responses=error_responses(401, 422),
)
async def create_article(
    body: NewArticleRequest, user: CurrentUser, session: SessionDep
) -> ArticleResponse:
    """Write an article; its slug comes from the title (with a suffix when taken)."""
    article = await article_service.create_article(session, user.id, body.article)
    return ArticleResponse(article=article)


@router.get(
    "/{slug}",
    operation_id="GetArticle",
    response_model=ArticleResponse,
    responses=error_responses(401, 404, 422),
    openapi_extra=OPTIONAL_TOKEN,
)
async def get_article(slug: Slug, reader: OptionalUser, session: SessionDep) -> ArticleResponse:
    """One article, with its body. Token optional (it sets `favorited` and `following`)."""
    reader_id = reader.id if reader else None
    return ArticleResponse(article=await article_reads.read_article(session, slug, reader_id))


@router.put(
    "/{slug}",
    operation_id="UpdateArticle",
    response_model=ArticleResponse,
    responses=error_responses(401, 403, 404, 422),
)
async def update_article(
    slug: Slug, body: ArticleUpdateRequest, user: CurrentUser, session: SessionDep
) -> ArticleResponse:
    """Change the title, description, body or tags (at least one). Its author only."""
    article = await article_service.update_article(session, slug, user.id, body.article)
    return ArticleResponse(article=article)


@router.delete(
    "/{slug}",
    operation_id="DeleteArticle",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401, 403, 404, 422),
)
async def delete_article(slug: Slug, user: CurrentUser, session: SessionDep) -> None:
    """Delete an article with its comments and favorites. Its author only."""
    await article_service.delete_article(session, slug, user.id)


@router.post(
    "/{slug}/favorite",
    operation_id="CreateArticleFavorite",
    tags=["Favorites"],
    response_model=ArticleResponse,
    responses=error_responses(401, 404, 422),
)
async def favorite(slug: Slug, user: CurrentUser, session: SessionDep) -> ArticleResponse:
    """Favorite an article (twice: counted once)."""
    return ArticleResponse(article=await article_service.favorite(session, slug, user.id))


@router.delete(
    "/{slug}/favorite",
    operation_id="DeleteArticleFavorite",
    tags=["Favorites"],
    response_model=ArticleResponse,
    responses=error_responses(401, 404, 422),
)
async def unfavorite(slug: Slug, user: CurrentUser, session: SessionDep) -> ArticleResponse:
    """Take a favorite back (none: nothing changes)."""
    return ArticleResponse(article=await article_service.unfavorite(session, slug, user.id))
