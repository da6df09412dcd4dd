from fastapi import APIRouter, Response, status

from conduit.api.deps import OPTIONAL_TOKEN, CurrentUser, OptionalUser, SessionDep
from conduit.core.errors import error_responses
from conduit.routes.params import CommentId, Slug
from conduit.schemas.comment import CommentListResponse, CommentResponse, NewCommentRequest
from conduit.services import comments as comment_service

router = APIRouter(prefix="/api/articles/{slug}/comments", tags=["Comments"])


@router.get(
    "",
    operation_id="GetArticleComments",
    response_model=CommentListResponse,
    responses=error_responses(401, 404, 422),
    openapi_extra=OPTIONAL_TOKEN,
)
async def list_comments(
    slug: Slug, reader: OptionalUser, session: SessionDep
) -> CommentListResponse:
    """The comments of an article, oldest first. Token optional."""
    reader_id = reader.id if reader else None
    return CommentListResponse(
        comments=await comment_service.list_comments(session, slug, reader_id)
    )


@router.post(
    "",
    operation_id="CreateArticleComment",
    # 200, not 201: the spec's OpenAPI document says so for this one creation.
    response_model=CommentResponse,
    responses=error_responses(401, 404, 422),
)
async def add_comment(
    slug: Slug, body: NewCommentRequest, user: CurrentUser, session: SessionDep
) -> CommentResponse:
    """Comment on an article."""
    comment = await comment_service.add_comment(session, slug, user.id, body.comment)
    return CommentResponse(comment=comment)


@router.delete(
    "/{comment_id}",
    operation_id="DeleteArticleComment",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(401, 403, 404, 422),
)
async def delete_comment(
    slug: Slug, comment_id: CommentId, user: CurrentUser, session: SessionDep
) -> None:
    """Delete a comment. Its author only."""
    await comment_service.delete_comment(session, slug, comment_id, user.id)
