from pydantic import Field

from conduit.schemas.common import CamelModel, Timestamp, bounded_text
from conduit.schemas.profile import ProfileRead

CommentBody = bounded_text(5000)


class NewComment(CamelModel):
    body: CommentBody = Field(examples=["His name was my name too."])


class NewCommentRequest(CamelModel):
    comment: NewComment


class CommentRead(CamelModel):
    id: int
    created_at: Timestamp
    updated_at: Timestamp
    body: str
    author: ProfileRead


class CommentResponse(CamelModel):
    comment: CommentRead


class CommentListResponse(CamelModel):
    comments: list[CommentRead] = Field(description="Oldest first, as a conversation reads.")
