from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.config import Settings
from coursehub.core.errors import NotAuthenticatedError
from coursehub.core.throttle import LoginThrottle
from coursehub.core.security import (
    InvalidTokenError,
    PasswordHasher,
    create_access_token,
    read_access_token,
)
from coursehub.models import User
from coursehub.schemas.auth import Token


async def authenticate(
    session: AsyncSession, hasher: PasswordHasher, username: str, password: str
) -> User:
    user = await session.scalar(select(User).where(User.username == username))
    # Always run the (slow) verification and give one message for both mistakes, so neither
    # the answer nor its timing tells an attacker which usernames exist.
    password_ok, upgraded = await hasher.verify(password, user.hashed_password if user else None)
    if user is None or not password_ok:
        raise NotAuthenticatedError("Incorrect username or password.")
    if upgraded:  # the stored hash had an older cost: keep the one made just now
        user.hashed_password = upgraded
        await session.commit()
    return user


async def log_in(
    session: AsyncSession,
    hasher: PasswordHasher,
    throttle: LoginThrottle,
    username: str,
    password: str,
) -> User:
    """`authenticate`, with failed attempts counted per username (429 once too many)."""
    throttle.check(username)
    try:
        user = await authenticate(session, hasher, username, password)
    except NotAuthenticatedError:
        throttle.failed(username)
        raise
    throttle.succeeded(username)
    return user


def issue_token(user: User, settings: Settings) -> Token:
    return Token(
        access_token=create_access_token(user.id, settings),
        expires_in=settings.access_token_minutes * 60,
    )


async def user_from_token(session: AsyncSession, token: str, settings: Settings) -> User:
    try:
        user_id = read_access_token(token, settings)
    except InvalidTokenError as error:
        raise NotAuthenticatedError("The access token is invalid or has expired.") from error
    user = await session.get(User, user_id)
    if user is None:
        raise NotAuthenticatedError("The access token belongs to a user who no longer exists.")
    return user
