"""Database tables. Importing this package registers every table on `Base.metadata`."""

from conduit.models.article import Article, Favorite, Tag, article_tags
from conduit.models.comment import Comment
from conduit.models.user import Follow, User

__all__ = ["Article", "Comment", "Favorite", "Follow", "Tag", "User", "article_tags"]
