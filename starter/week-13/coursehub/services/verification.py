"""Proving an email address: a single-use link, sent by email, that expires.

The token is random and only its SHA-256 is stored. A token is long enough (256 bits) that a
fast hash is enough: unlike a password, nobody can guess it from a list.
"""

import hashlib
import logging
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.config import Settings
from coursehub.core.errors import ConflictError, ServiceUnavailableError, TooManyRequestsError
from coursehub.core.mail import MailError, Mailer
from coursehub.models import User, VerificationToken
from coursehub.schemas.common import as_utc

from coursehub.core.errors import VerificationFailedError

logger = logging.getLogger("coursehub")

SUBJECT = "Confirm your CourseHub email address"
# Verification emails one account may cause per hour (registering counts): enough to recover
# from a lost message, too few to turn the app into a way of flooding someone's inbox.
EMAILS_PER_HOUR = 3


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def verification_email(user: User, token: str, settings: Settings) -> str:
    return (
        f"Hello {user.full_name or user.username},\n\n"
        "Please confirm that this address is yours by opening this link:\n\n"
        f"    {settings.public_url.rstrip('/')}/verify?token={token}\n\n"
        "or by sending this token to POST /api/auth/verify:\n\n"
        f"    {token}\n\n"
        f"It works once, within {settings.verification_token_hours} hours. If you did not "
        "register, ignore this message.\n"
    )


async def send_verification(
    session: AsyncSession, mailer: Mailer, settings: Settings, user: User
) -> None:
    """A new token by email; earlier unused tokens expire now (only the latest email's link
    verifies). Raises MailError when the mail server did not take the message."""
    now = datetime.now(UTC)
    await session.execute(
        update(VerificationToken)
        .where(VerificationToken.user_id == user.id, VerificationToken.used_at.is_(None))
        .values(expires_at=now)
    )
    session.add(
        VerificationToken(
            user_id=user.id,
            token_hash=token_digest(token := secrets.token_urlsafe(32)),
            expires_at=now + timedelta(hours=settings.verification_token_hours),
            created_at=now,
        )
    )
    await session.commit()
    await mailer.send(user.email, SUBJECT, verification_email(user, token, settings))


async def welcome(session: AsyncSession, mailer: Mailer, settings: Settings, user: User) -> None:
    """The first verification email, right after registering. The account exists either way:
    if the mail server is down, the user asks for another email later."""
    try:
        await send_verification(session, mailer, settings, user)
    except MailError as error:
        logger.warning("no verification email for user %s: %s", user.id, error)


async def resend(session: AsyncSession, mailer: Mailer, settings: Settings, user: User) -> None:
    if user.verified_at is not None:
        raise ConflictError("This email address is already verified.")
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    sent = (
        await session.scalars(
            select(VerificationToken.created_at)
            .where(VerificationToken.user_id == user.id, VerificationToken.created_at > hour_ago)
            .order_by(VerificationToken.created_at)
        )
    ).all()
    if len(sent) >= EMAILS_PER_HOUR:
        wait = as_utc(sent[-EMAILS_PER_HOUR]) - hour_ago
        retry_after = max(1, int(wait.total_seconds()) + 1)
        raise TooManyRequestsError(
            f"{EMAILS_PER_HOUR} verification emails were sent this hour; ask again in "
            f"{retry_after} s.",
            retry_after,
        )
    try:
        await send_verification(session, mailer, settings, user)
    except MailError as error:
        logger.warning("no verification email for user %s: %s", user.id, error)
        raise ServiceUnavailableError(
            "The mail server is not answering; ask for the email again in a few minutes."
        ) from error


# One answer for an unknown token and a used one: neither says which tokens ever existed.
UNUSABLE_DETAIL = "This verification token is not valid or was already used; ask for a new email."


async def verify_email(session: AsyncSession, token: str) -> User:
    """Mark the token's user verified. A token works once and only until it expires."""
    found = await session.scalar(
        select(VerificationToken).where(VerificationToken.token_hash == token_digest(token))
    )
    now = datetime.now(UTC)
    if found is None or found.used_at is not None:
        raise VerificationFailedError(UNUSABLE_DETAIL)
    if as_utc(found.expires_at) <= now:
        raise VerificationFailedError("This verification token has expired; ask for a new email.")
    # Used only if nobody used it in the meantime: of two requests racing with one token,
    # exactly one verifies.
    claimed = await session.execute(
        update(VerificationToken)
        .where(VerificationToken.id == found.id, VerificationToken.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        await session.rollback()
        raise VerificationFailedError(UNUSABLE_DETAIL)
    user = await session.get(User, found.user_id)
    assert user is not None  # the token's row is deleted with its user
    if user.verified_at is None:
        user.verified_at = now
    await session.commit()
    await session.refresh(user)
    return user
