"""Password hashing and access tokens: the only module that knows how either works."""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import anyio
import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from conduit.core.config import Settings
from conduit.core.database import MAX_ID

T = TypeVar("T")
# The only algorithm this app signs and accepts; a token naming another is refused.
JWT_ALGORITHM = "HS256"


class PasswordHasher:
    """Argon2id with the cost taken from settings, so tests can be fast without skipping it.

    Hashing is slow on purpose (up to a second at the library's cost). Done inside an
    `async def` it would stop the event loop, and with it every other request, for that long:
    it runs in a worker thread instead, and at most `max_at_once` hashes run at a time, so a
    burst of logins queues up rather than taking every processor and gigabytes of memory.
    """

    def __init__(self, settings: Settings, max_at_once: int | None = None) -> None:
        self.hasher = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=settings.argon2_time_cost,
                    memory_cost=settings.argon2_memory_cost_kib,
                    parallelism=settings.argon2_parallelism,
                ),
            )
        )
        self.limiter = anyio.CapacityLimiter(max_at_once or os.cpu_count() or 1)
        # Verifying against this when an email is unknown makes "no such user" take as long
        # as "wrong password": it is made with the same cost as every hash `hash` makes.
        self.dummy_hash = self.hasher.hash("no-such-user")

    async def in_thread(self, function: Callable[..., T], *args: str) -> T:
        return await anyio.to_thread.run_sync(function, *args, limiter=self.limiter)

    async def hash(self, password: str) -> str:
        return await self.in_thread(self.hasher.hash, password)

    async def verify(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        """Whether `password` matches `hashed`, and a new hash of it when `hashed` was made
        with another cost (store it: after one login every hash has today's cost)."""
        if hashed is None:
            await self.in_thread(self.hasher.verify, password, self.dummy_hash)
            return False, None
        return await self.in_thread(self.hasher.verify_and_update, password, hashed)


class InvalidTokenError(Exception):
    """The token is missing a claim, expired, tampered with or signed with another key."""


@dataclass(frozen=True)
class AccessToken:
    """What a valid token says: whose it is, and which of their passwords it was issued
    under (a token from before the latest password change no longer counts)."""

    user_id: int
    token_version: int


def create_access_token(user_id: int, token_version: int, settings: Settings) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "ver": token_version,
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), JWT_ALGORITHM)


def read_access_token(token: str, settings: Settings) -> AccessToken:
    """The claims of a token this app signed and that has not expired."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            # Never let the token choose its own algorithm (the "alg: none" attack).
            algorithms=[JWT_ALGORITHM],
            options={"require": ["sub", "ver", "exp", "iat"]},
        )
    except jwt.PyJWTError as error:
        raise InvalidTokenError(str(error)) from error
    subject, version = claims["sub"], claims["ver"]
    if not (isinstance(subject, str) and subject.isascii() and subject.isdigit()):
        raise InvalidTokenError("the subject is not a user id")
    if not 0 < int(subject) <= MAX_ID or type(version) is not int:
        raise InvalidTokenError("the claims are out of range")
    return AccessToken(int(subject), version)
