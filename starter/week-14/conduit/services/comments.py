"""Comments under an article. Anyone reads them, anyone logged in writes one, and only its
author deletes it."""

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from conduit.core.database import utc_now
from conduit.core.errors import ForbiddenError, NotFoundError
from conduit.models import Comment
from conduit.schemas.comment import CommentRead, NewComment
from conduit.services.article_reads import find_article
from conduit.services.profiles import follows, profile_read


def comment_read(row: Row[tuple[Comment, bool]]) -> CommentRead:
    comment, following = row
    return CommentRead(
        id=comment.id,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        body=comment.body,
        author=profile_read(comment.author, following),
    )


def comments_with_authors(viewer_id: int | None) -> Select[tuple[Comment, bool]]:
    """Comments with their author joined and whether the reader follows each author, in one
    query for all the comments of an article."""
    return (
        select(Comment, follows(viewer_id, Comment.author_id))
        .join(Comment.author)
        .options(contains_eager(Comment.author))
        .execution_options(populate_existing=True)
    )


async def list_comments(
    session: AsyncSession, slug: str, viewer_id: int | None
) -> list[CommentRead]:
    """The comments of the article, oldest first, each with its author's profile.

    TODO(capstone-final): 404 for an unknown slug (find_article); one query for all the
    comments and their authors (comments_with_authors).
    """
    raise NotImplementedError("TODO(capstone-final): list_comments")


async def add_comment(
    session: AsyncSession, slug: str, author_id: int, data: NewComment
) -> CommentRead:
    """Store the comment under the article and answer it.

    TODO(capstone-final): 404 for an unknown slug; created_at and updated_at the same moment.
    """
    raise NotImplementedError("TODO(capstone-final): add_comment")


async def delete_comment(session: AsyncSession, slug: str, comment_id: int, user_id: int) -> None:
    """Delete the comment.

    TODO(capstone-final): 404 for an unknown slug and for a comment that is not under this
    article; 403 when `user_id` did not write it.
    """
    raise NotImplementedError("TODO(capstone-final): delete_comment")
