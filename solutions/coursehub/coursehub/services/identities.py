# >>> file from week 13
"""Who a valid token of the OpenID Connect issuer is here: a linked user, a user with the same
verified email (linked now), or a new student account made on the spot.

Linking by email is the risky step: it hands an existing account to whoever the issuer says
owns its address. So it happens only when both sides have proven the address, the issuer
(`email_verified`) and this app (`verified_at`). Otherwise someone could register here with
another person's address, never verify it, and wait for its owner's first login to take over
the account the owner then uses.
"""

import logging
import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import (
    ConflictError,
    ForbiddenError,
    NotAuthenticatedError,
    ServiceUnavailableError,
)
from coursehub.core.oidc import IssuerUnavailableError, OIDCVerifier, VerifiedIdentity
from coursehub.core.security import InvalidTokenError, PasswordHasher
from coursehub.models import ExternalIdentity, Role, User

logger = logging.getLogger("coursehub")

# What a username may be (schemas/auth.py): a letter, then letters, digits or "_", 3 to 30.
USERNAME_CHARS = re.compile(r"[^a-z0-9_]+")
MAX_USERNAME_CHARS = 30


async def user_from_issuer_token(
    session: AsyncSession, verifier: OIDCVerifier, hasher: PasswordHasher, token: str
) -> User:
    """The local user a valid issuer token stands for (401 for an invalid token, 503 while
    the issuer cannot be reached)."""
    try:
        identity = await verifier.verify(token)
    except InvalidTokenError as error:
        raise NotAuthenticatedError("The access token is invalid or has expired.") from error
    except IssuerUnavailableError as error:
        raise ServiceUnavailableError(
            "The identity provider is not answering; try again shortly."
        ) from error
    user = await linked_user(session, identity) or await link_or_create(session, hasher, identity)
    if not user.is_active:
        raise NotAuthenticatedError("This account is disabled; ask an administrator.")
    return user


async def linked_user(session: AsyncSession, identity: VerifiedIdentity) -> User | None:
    link = await session.scalar(
        select(ExternalIdentity).where(
            ExternalIdentity.issuer == identity.issuer,
            ExternalIdentity.subject == identity.subject,
        )
    )
    return None if link is None else await session.get(User, link.user_id)


async def link_or_create(
    session: AsyncSession, hasher: PasswordHasher, identity: VerifiedIdentity
) -> User:
    """The first login of this identity: link it to the account of its verified email, or
    make a verified student account for it."""
    if identity.email is None or not identity.email_verified:
        raise ForbiddenError(
            "Your identity provider has not verified an email address for you: verify it "
            "there, then log in again."
        )
    user = await session.scalar(select(User).where(User.email == identity.email))
    if user is not None and user.verified_at is None:
        raise ConflictError(
            "An account with this email address exists but has not verified it: log in with "
            "its password and verify the address first, then log in through your provider."
        )
    if user is not None and await already_linked(session, user, identity.issuer):
        # The issuer gives this address to a second person of its own (an address handed on):
        # the account stays with the first one.
        raise ConflictError(
            "The account with this email address is linked to another login of your identity "
            "provider; ask an administrator."
        )
    if user is None:
        user = await new_student(session, hasher, identity)
        logger.info("account %s made for a login of %s", user.username, identity.issuer)
    else:
        logger.info("account %s linked to a login of %s", user.username, identity.issuer)
    session.add(ExternalIdentity(issuer=identity.issuer, subject=identity.subject, user_id=user.id))
    try:
        await session.commit()
    except IntegrityError as error:  # the same person's first login twice at once
        await session.rollback()
        raise ConflictError("This login is being set up already; try again.") from error
    await session.refresh(user)
    return user


async def already_linked(session: AsyncSession, user: User, issuer: str) -> bool:
    link = await session.scalar(
        select(ExternalIdentity.id).where(
            ExternalIdentity.user_id == user.id, ExternalIdentity.issuer == issuer
        )
    )
    return link is not None


async def new_student(
    session: AsyncSession, hasher: PasswordHasher, identity: VerifiedIdentity
) -> User:
    student = await session.scalar(select(Role).where(Role.name == "student"))
    if student is None:
        raise RuntimeError("the roles table has no 'student' role: load the sample data")
    user = User(
        username=await free_username(session, identity),
        email=identity.email,
        full_name=identity.name[:100],
        # A hash of a password nobody was ever told: the account has no password to guess.
        hashed_password=await hasher.hash(secrets.token_urlsafe(32)),
        role=student,
        verified_at=datetime.now(UTC),  # the issuer vouched for the address
    )
    session.add(user)
    try:
        await session.flush()  # gives the user its id, for the link
    except IntegrityError as error:
        await session.rollback()
        raise ConflictError("This login is being set up already; try again.") from error
    return user


async def free_username(session: AsyncSession, identity: VerifiedIdentity) -> str:
    """A valid username from what the issuer calls the person, with `_2`, `_3`... when taken."""
    wanted = identity.preferred_username or (identity.email or "").split("@")[0]
    base = USERNAME_CHARS.sub("_", wanted.lower()).strip("_")
    if not base[:1].isalpha():
        base = f"user_{base}".rstrip("_")
    base = base[:MAX_USERNAME_CHARS]
    stem = base[: MAX_USERNAME_CHARS - 4]
    taken = set(
        await session.scalars(
            select(User.username).where(User.username.startswith(stem, autoescape=True))
        )
    )
    candidates = [base, *(f"{stem}_{n}" for n in range(2, 1000))]
    return next(
        (name for name in candidates if name not in taken and len(name) >= 3),
        f"user_{secrets.token_hex(8)}",
    )
