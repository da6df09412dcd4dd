"""Dependencies routes declare with `Annotated` types: `session: SessionDep`, `user: CurrentUser`.

Everything comes from `request.app.state`, set up once in the lifespan, so two apps with
different settings (a test's and a developer's) can live in one process.
"""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.ai import ChatClient
from coursehub.core.config import Settings
from coursehub.core.errors import NotAuthenticatedError
from coursehub.core.errors import ForbiddenError
from coursehub.core.mail import Mailer
from coursehub.core.live import GroupHub
from coursehub.core.oidc import OIDCVerifier, is_issuer_token
from coursehub.core.security import PasswordHasher
from coursehub.core.throttle import LoginThrottle
from coursehub.models import User
from coursehub.services.auth import user_from_token
from coursehub.services.identities import user_from_issuer_token


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_hasher(request: Request) -> PasswordHasher:
    return request.app.state.hasher


def get_login_throttle(request: Request) -> LoginThrottle:
    return request.app.state.login_throttle


def get_mailer(request: Request) -> Mailer:
    return request.app.state.mailer


def get_hub(request: Request) -> GroupHub:
    return request.app.state.hub


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.session_factory() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
HasherDep = Annotated[PasswordHasher, Depends(get_hasher)]
LoginThrottleDep = Annotated[LoginThrottle, Depends(get_login_throttle)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]
HubDep = Annotated[GroupHub, Depends(get_hub)]


def get_chat_client(settings: SettingsDep) -> ChatClient:
    """The language model's client: it holds only the settings, so one per request is free."""
    return ChatClient(settings)


ChatClientDep = Annotated[ChatClient, Depends(get_chat_client)]


def get_oidc(request: Request) -> OIDCVerifier | None:
    """The issuer's token verifier, or None while OIDC_ISSUER is not set."""
    return request.app.state.oidc


OIDCVerifierDep = Annotated[OIDCVerifier | None, Depends(get_oidc)]

# The OAuth2 password flow: Swagger's "Authorize" asks for a username and password and gets
# the token from `tokenUrl` itself. auto_error=False: a missing header reaches our own 401
# (with the app's error format) instead of FastAPI's built-in one.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


async def get_current_user(
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    oidc: OIDCVerifierDep,
    hasher: HasherDep,
) -> User:
    if token is None:
        raise NotAuthenticatedError("Log in first: send `Authorization: Bearer <token>`.")
    # With an issuer set up, RS256 tokens are its to vouch for; our own (HMAC) stay ours.
    if oidc is not None and is_issuer_token(token):
        return await user_from_issuer_token(session, oidc, hasher, token)
    return await user_from_token(session, token, settings)


CurrentUser = Annotated[User, Depends(get_current_user)]

# Roles that manage the catalogue of courses.
STAFF_ROLES = frozenset({"instructor", "admin"})


async def get_staff_user(user: CurrentUser) -> User:
    """The current user, when they are an instructor or an admin (403 otherwise)."""
    if user.role.name not in STAFF_ROLES:
        raise ForbiddenError("Only instructors and admins can do this.")
    return user


StaffUser = Annotated[User, Depends(get_staff_user)]


async def get_verified_user(user: CurrentUser) -> User:
    """The current user, once their email address is verified (403 before)."""
    if user.verified_at is None:
        raise ForbiddenError(
            "Verify your email address first: follow the link in the email we sent, or ask "
            "for a new one with POST /api/auth/verify/resend."
        )
    return user


VerifiedUser = Annotated[User, Depends(get_verified_user)]
