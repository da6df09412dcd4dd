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

from datetime import UTC, datetime

from sqlalchemy import or_

from coursehub.core.errors import ConflictError
from coursehub.models import Role
from coursehub.schemas.auth import PasswordChange, RegisterRequest
from coursehub.schemas.common import as_utc
from coursehub.services.common import commit_or_conflict


async def authenticate(
    session: AsyncSession, hasher: PasswordHasher, username: str, password: str
) -> User:
    # `username` is either: an email has an "@", which no username has.
    login = username.strip().lower()
    column = User.email if "@" in login else User.username
    user = await session.scalar(select(User).where(column == login))
    # Always run the (slow) verification and give one message for both mistakes, so neither
    # the answer nor its timing tells an attacker which usernames exist.
    password_ok, upgraded = await hasher.verify(password, user.hashed_password if user else None)
    if user is None or not password_ok:
        raise NotAuthenticatedError("Incorrect username or password.")
    if not user.is_active:
        # Only someone who knows the password learns that the account is disabled.
        raise NotAuthenticatedError("This account is disabled; ask an administrator.")
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
    # Counted per login as `authenticate` reads it: "ALICE" must not be ten fresh tries.
    username = username.strip().lower()
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
        claims = read_access_token(token, settings)
    except InvalidTokenError as error:
        raise NotAuthenticatedError("The access token is invalid or has expired.") from error
    user = await session.get(User, claims.user_id)
    if user is None:
        raise NotAuthenticatedError("The access token belongs to a user who no longer exists.")
    if not user.is_active:
        raise NotAuthenticatedError("This account is disabled; ask an administrator.")
    if user.tokens_valid_after and claims.issued_at < as_utc(user.tokens_valid_after):
        raise NotAuthenticatedError("The password was changed since this token was issued.")
    return user


async def change_password(
    session: AsyncSession,
    hasher: PasswordHasher,
    throttle: LoginThrottle,
    user: User,
    data: PasswordChange,
) -> None:
    """Replace the password after checking the current one; every token issued before now
    stops working (a stolen token is no longer worth anything once its owner reacts).

    Wrong current passwords count as failed logins: a stolen token must not become a way to
    guess the password without a limit."""
    throttle.check(user.username)
    password_ok, _ = await hasher.verify(data.current_password, user.hashed_password)
    if not password_ok:
        throttle.failed(user.username)
        raise NotAuthenticatedError("The current password is not correct.")
    user.hashed_password = await hasher.hash(data.new_password)
    # Whole seconds, as a token's `iat` is: a token issued after this second still works.
    user.tokens_valid_after = datetime.now(UTC).replace(microsecond=0)
    await session.commit()


async def register(session: AsyncSession, hasher: PasswordHasher, data: RegisterRequest) -> User:
    """A new student account with an Argon2 hash of the password (never the password)."""
    taken = await session.scalar(
        select(User.username).where(or_(User.username == data.username, User.email == data.email))
    )
    if taken is not None:
        raise ConflictError("That username or email address is already registered.")
    student = await session.scalar(select(Role).where(Role.name == "student"))
    if student is None:
        raise RuntimeError("the roles table has no 'student' role: load the sample data")
    user = User(
        username=data.username,
        email=data.email,
        full_name=data.full_name,
        hashed_password=await hasher.hash(data.password),
        role=student,
    )
    session.add(user)
    await commit_or_conflict(session, "That username or email address is already registered.")
    await session.refresh(user)
    return user
