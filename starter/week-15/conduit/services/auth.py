"""Registering, logging in, and who a token belongs to."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.config import Settings
from conduit.core.errors import NotAuthenticatedError, UnprocessableError
from conduit.core.security import (
    InvalidTokenError,
    PasswordHasher,
    create_access_token,
    read_access_token,
)
from conduit.models import User
from conduit.schemas.user import LoginUser, NewUser
from conduit.services.common import commit_or_refuse

TAKEN = "email or username has already been taken"


async def taken_by_others(
    session: AsyncSession, email: str | None, username: str | None, user_id: int | None = None
) -> list[str]:
    """What of `email` and `username` another account (not `user_id`) already has, as the
    sentences the API answers: "email has already been taken"."""
    sentences = []
    for field, column, value in (
        ("email", User.email, email),
        ("username", User.username, username),
    ):
        if value is None:
            continue
        owner = await session.scalar(select(User.id).where(column == value))
        if owner is not None and owner != user_id:
            sentences.append(f"{field} has already been taken")
    return sentences


async def register(session: AsyncSession, hasher: PasswordHasher, data: NewUser) -> User:
    """A new account with an Argon2 hash of the password (never the password)."""
    taken = await taken_by_others(session, data.email, data.username)
    if taken:
        raise UnprocessableError("; ".join(taken))
    user = User(
        username=data.username,
        email=data.email,
        hashed_password=await hasher.hash(data.password),
    )
    session.add(user)
    await commit_or_refuse(session, TAKEN)
    return user


async def log_in(session: AsyncSession, hasher: PasswordHasher, data: LoginUser) -> User:
    user = await session.scalar(select(User).where(User.email == data.email))
    # Always run the (slow) verification and give one message for both mistakes, so neither
    # the answer nor its timing tells an attacker which addresses have an account.
    password_ok, upgraded = await hasher.verify(
        data.password, user.hashed_password if user else None
    )
    if user is None or not password_ok:
        raise NotAuthenticatedError("email or password is invalid")
    if upgraded:  # the stored hash had an older cost: keep the one made just now
        user.hashed_password = upgraded
        await session.commit()
    return user


def issue_token(user: User, settings: Settings) -> str:
    return create_access_token(user.id, user.token_version, settings)


async def user_from_token(session: AsyncSession, token: str, settings: Settings) -> User:
    try:
        claims = read_access_token(token, settings)
    except InvalidTokenError as error:
        raise NotAuthenticatedError("the token is invalid or has expired; log in again") from error
    user = await session.get(User, claims.user_id)
    if user is None:
        raise NotAuthenticatedError("the token belongs to an account that no longer exists")
    if claims.token_version != user.token_version:
        raise NotAuthenticatedError("the password was changed since this token was issued")
    return user
