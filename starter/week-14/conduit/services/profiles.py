"""Profiles, and who follows whom."""

from sqlalchemy import ColumnElement, delete, exists, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.errors import NotFoundError, UnprocessableError
from conduit.models import Follow, User
from conduit.schemas.profile import ProfileRead
from conduit.services.common import add_link_once


def follows(viewer_id: int | None, author_id: ColumnElement[int]) -> ColumnElement[bool]:
    """A column saying whether the reader follows `author_id`: one EXISTS inside the query
    that reads the author, never one query per author. Nobody is followed by a reader who
    sent no token."""
    if viewer_id is None:
        return false()
    return exists().where(Follow.follower_id == viewer_id, Follow.followed_id == author_id)


def profile_read(user: User, following: bool) -> ProfileRead:
    return ProfileRead(
        username=user.username, bio=user.bio, image=user.image, following=bool(following)
    )


async def find_user(session: AsyncSession, username: str) -> User:
    # Usernames are stored in lower case, so /profiles/Jake finds jake.
    user = await session.scalar(select(User).where(User.username == username.lower()))
    if user is None:
        raise NotFoundError(f"there is no user named {username!r}")
    return user


async def profile_of(session: AsyncSession, username: str, viewer_id: int | None) -> ProfileRead:
    """The profile of `username` (any case); `following` for the reader `viewer_id`.

    TODO(capstone): 404 (NotFoundError) for an unknown user; read `follows(viewer_id,
    User.id)` in the same SELECT as the user.
    """
    raise NotImplementedError("TODO(capstone): profile_of")


async def follow(session: AsyncSession, viewer_id: int, username: str) -> ProfileRead:
    """Follow `username` and answer their profile.

    TODO(capstone): 404 for an unknown user, 422 for oneself; following twice leaves one
    row (add_link_once).
    """
    raise NotImplementedError("TODO(capstone): follow")


async def unfollow(session: AsyncSession, viewer_id: int, username: str) -> ProfileRead:
    """Stop following `username` (not following them: nothing changes).

    TODO(capstone): 404 for an unknown user.
    """
    raise NotImplementedError("TODO(capstone): unfollow")
