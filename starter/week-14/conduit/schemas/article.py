"""Articles as the spec has them. Lists leave out each article's body (the spec's change of
2024-08-16): a page of twenty full articles is mostly text nobody reads on a list."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from conduit.core.database import MAX_ID
from conduit.schemas.common import (
    NO_NUL,
    CamelModel,
    PartialUpdate,
    TagList,
    Timestamp,
    bounded_text,
)
from conduit.schemas.profile import ProfileRead

Title = bounded_text(200)
Description = bounded_text(500)
Body = bounded_text(50_000)


class ArticlePage(BaseModel):
    """Which page of a list: the feed's query parameters. A parameter the API does not know
    (`?tags=`, `?page=`) is refused, not ignored: a typo must not quietly list everything."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(default=20, ge=1, le=100, description="How many articles at most.")
    offset: int = Field(default=0, ge=0, le=MAX_ID, description="How many articles to skip.")


class ArticleQuery(ArticlePage):
    """The list's query parameters; each filter given narrows the list (all of them: AND)."""

    tag: str | None = Field(default=None, max_length=40, pattern=NO_NUL, description="A tag.")
    author: str | None = Field(
        default=None, max_length=40, pattern=NO_NUL, description="The author's username."
    )
    favorited: str | None = Field(
        default=None, max_length=40, pattern=NO_NUL, description="The username of a fan."
    )


class NewArticle(CamelModel):
    title: Title = Field(examples=["How to train your dragon"])
    description: Description = Field(examples=["Ever wonder how?"])
    body: Body = Field(examples=["You have to believe"])
    tag_list: TagList = Field(default_factory=list, examples=[["dragons", "training"]])


class NewArticleRequest(CamelModel):
    article: NewArticle


class ArticleUpdate(PartialUpdate):
    """A new title gives the article a new slug. `tagList`, which the spec leaves out of an
    update, replaces the tags when sent (RealWorld's editor pages send it)."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    title: Title | None = None
    description: Description | None = None
    body: Body | None = None
    tag_list: TagList | None = None


class ArticleUpdateRequest(CamelModel):
    article: ArticleUpdate


class ArticleSummary(CamelModel):
    """An article in a list: everything but its body."""

    slug: str
    title: str
    description: str
    tag_list: list[str] = Field(description="Sorted by name.")
    created_at: Timestamp
    updated_at: Timestamp
    favorited: bool = Field(description="Whether the reader has favorited it (false: no token).")
    favorites_count: int
    author: ProfileRead


class ArticleRead(ArticleSummary):
    body: str


class ArticleResponse(CamelModel):
    article: ArticleRead


class ArticleListResponse(CamelModel):
    articles: list[ArticleSummary]
    articles_count: int = Field(description="How many articles match, on every page together.")


class TagListResponse(CamelModel):
    tags: list[str] = Field(description="Every tag in use, the most used first.")
