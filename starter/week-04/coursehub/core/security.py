"""Password hashing and access tokens: the only module that knows how either works."""

from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from coursehub.core.config import Settings


class PasswordHasher:
    """Argon2id with the cost taken from settings, so tests can be fast without skipping it."""

    def __init__(self, settings: Settings) -> None:
        self._hash = PasswordHash(
            (
                Argon2Hasher(
                    time_cost=settings.argon2_time_cost,
                    memory_cost=settings.argon2_memory_cost_kib,
                    parallelism=settings.argon2_parallelism,
                ),
            )
        )
        # Verifying against this when a username is unknown makes "no such user" take as long
        # as "wrong password", so response times do not reveal which usernames exist.
        self._dummy_hash = self._hash.hash("no-such-user")

    def hash(self, password: str) -> str:
        return self._hash.hash(password)

    def verify(self, password: str, hashed: str | None) -> bool:
        if hashed is None:
            self._hash.verify(password, self._dummy_hash)
            return False
        return self._hash.verify(password, hashed)


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


def read_access_token(token: str, settings: Settings) -> int:
    """Return the user id a valid token was issued for."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            # Never let the token choose its own algorithm (the "alg: none" attack).
            algorithms=[settings.jwt_algorithm],
            options={"require": ["sub", "exp", "iat"]},
        )
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidTokenError(str(error)) from error
