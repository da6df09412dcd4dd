"""Dependencies routes declare with `Annotated` types: `session: SessionDep`, `user: CurrentUser`.

Everything comes from `request.app.state`, set up once in the lifespan, so two apps with
different settings (a test's and a developer's) can live in one process.

The spec's authorization scheme is `Authorization: Token <jwt>`, and only that: a header in
another scheme (`Bearer ...`) is refused with a 401 that names the right one, rather than
read as if it were a token or ignored as if no header had been sent.
"""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyHeader
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.config import Settings
from conduit.core.errors import NotAuthenticatedError
from conduit.core.security import PasswordHasher
from conduit.models import User
from conduit.services.auth import user_from_token


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session


def no_store(response: Response) -> None:
    """For answers that carry a token: a token is a credential, and no browser or proxy may
    keep a copy of it (RFC 6749, section 5.1)."""
    response.headers["Cache-Control"] = "no-store"


SettingsDep = Annotated[Settings, Depends(get_settings)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]

# OpenAPI has no scheme for "Token <jwt>" (its `http` schemes are registered names such as
# Bearer), so the document says what the spec's own does: an API key in the Authorization
# header, whose value is the word Token, a space and the token. auto_error=False: a missing
# header reaches our own 401, in the spec's error format.
token_header = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>`: the word Token, a space, then the `token` of a user answer "
    "(from POST /api/users/login or POST /api/users).",
    auto_error=False,
)
# `openapi_extra` of a route whose token is optional: FastAPI appends this to the route's
# security requirements, and `{}` (no requirement) among them means "a token, or none".
OPTIONAL_TOKEN: dict[str, Any] = {"security": [{}]}
AUTH_SCHEME = "token"


def presented_token(header: Annotated[str | None, Depends(token_header)]) -> str | None:
    """The token of an `Authorization: Token <jwt>` header; None when no header was sent."""
    if header is None:
        return None
    scheme, _, token = header.strip().partition(" ")
    # Scheme names are case-insensitive (RFC 9110, section 11.1).
    if scheme.lower() != AUTH_SCHEME or not token.strip():
        raise NotAuthenticatedError("send the token as `Authorization: Token <jwt>`")
    return token.strip()


def required_token(token: Annotated[str | None, Depends(presented_token)]) -> str:
    if token is None:
        raise NotAuthenticatedError("log in first, then send `Authorization: Token <jwt>`")
    return token


PresentedToken = Annotated[str, Depends(required_token)]


async def get_current_user(
    session: SessionDep, settings: SettingsDep, token: PresentedToken
) -> User:
    return await user_from_token(session, token, settings)


async def get_optional_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(presented_token)],
) -> User | None:
    """The reader, when they sent a token (an invalid one is a 401, not an anonymous read:
    a client whose session expired should learn it), else None."""
    if token is None:
        return None
    return await user_from_token(session, token, settings)


CurrentUser = Annotated[User, Depends(get_current_user)]
OptionalUser = Annotated[User | None, Depends(get_optional_user)]
