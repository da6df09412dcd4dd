"""Path parameters more than one route reads, with the bounds the database needs (a slug
fits its column, an id fits an INTEGER), published in the schema."""

from typing import Annotated

from fastapi import Path

from conduit.core.database import MAX_ID
from conduit.schemas.common import NO_NUL

Slug = Annotated[str, Path(max_length=120, pattern=NO_NUL, description="The article's slug.")]
CommentId = Annotated[int, Path(gt=0, le=MAX_ID, description="The comment's id.")]
