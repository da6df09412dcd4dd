"""Password hashing and access tokens: the only module that knows how either works."""

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import anyio
import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from coursehub.core.config import Settings

from dataclasses import dataclass

T = TypeVar("T")


class PasswordHasher:
    """Argon2id with the cost taken from settings, so tests can be fast without skipping it.

    Hashing is slow on purpose (up to a second at the library's cost). Done inside an
    `async def` it would stop the event loop, and with it every other request, for that long:
    it runs in a worker thread instead, and at most `max_at_once` hashes run at a time, so a
    burst of logins queues up rather than taking every processor and gigabytes of memory.
    """

    def __init__(self, settings: Settings, max_at_once: int | None = None) -> None:
        self._hash = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=settings.argon2_time_cost,
                    memory_cost=settings.argon2_memory_cost_kib,
                    parallelism=settings.argon2_parallelism,
                ),
            )
        )
        self._limiter = anyio.CapacityLimiter(max_at_once or os.cpu_count() or 1)
        # Verifying against this when a username is unknown makes "no such user" take as long
        # as "wrong password": it is made with the same cost as every hash `hash` makes.
        self._dummy_hash = self._hash.hash("no-such-user")

    async def _in_thread(self, function: Callable[..., T], *args: str) -> T:
        return await anyio.to_thread.run_sync(function, *args, limiter=self._limiter)

    async def hash(self, password: str) -> str:
        return await self._in_thread(self._hash.hash, password)

    async def verify(self, password: str, hashed: str | None) -> tuple[bool, str | None]:
        """Whether `password` matches `hashed`, and a new hash of it when `hashed` was made
        with another cost (store it: after one login every hash has today's cost, so the
        time a login takes says nothing about how old an account is)."""
        if hashed is None:
            await self._in_thread(self._hash.verify, password, self._dummy_hash)
            return False, None
        return await self._in_thread(self._hash.verify_and_update, password, hashed)


class InvalidTokenError(Exception):
    """The token is missing a claim, expired, tampered with or signed with another key."""


def create_access_token(user_id: int, settings: Settings) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(minutes=settings.access_token_minutes),
    }
    return jwt.encode(claims, settings.secret_key.get_secret_value(), settings.jwt_algorithm)


@dataclass(frozen=True)
class AccessToken:
    """What a valid token says: whose it is, and when it was issued."""

    user_id: int
    issued_at: datetime


def read_access_token(token: str, settings: Settings) -> AccessToken:
    """The claims of a valid token, signed with the current key or, while a rotation is
    under way, with one of the previous keys (`PREVIOUS_SECRET_KEYS`)."""
    keys = [settings.secret_key, *settings.previous_secret_keys]
    for number, key in enumerate(keys, start=1):
        try:
            claims = jwt.decode(
                token,
                key.get_secret_value(),
                # Never let the token choose its own algorithm (the "alg: none" attack).
                algorithms=[settings.jwt_algorithm],
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.InvalidSignatureError as error:
            if number < len(keys):
                continue  # perhaps signed with an older key: try the next one
            raise InvalidTokenError(str(error)) from error
        except jwt.PyJWTError as error:
            raise InvalidTokenError(str(error)) from error
        try:
            return AccessToken(int(claims["sub"]), datetime.fromtimestamp(claims["iat"], UTC))
        except (TypeError, ValueError, OverflowError, OSError) as error:
            raise InvalidTokenError(f"unreadable claims: {error}") from error
    raise InvalidTokenError("no key to check the token with")
