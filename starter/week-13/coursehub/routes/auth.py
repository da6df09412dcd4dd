from fastapi import APIRouter, Response, status

from coursehub.api.deps import HasherDep, LoginThrottleDep, SessionDep, SettingsDep
from coursehub.core.errors import error_responses
from coursehub.schemas.auth import LoginRequest, Token
from coursehub.services import auth as auth_service

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordRequestForm

from coursehub.api.deps import CurrentUser
from coursehub.schemas.auth import PasswordChange

from coursehub.models import User
from coursehub.schemas.auth import RegisterRequest
from coursehub.schemas.user import UserRead

from coursehub.api.deps import MailerDep
from coursehub.schemas.auth import VerifyRequest
from coursehub.services import verification as verification_service

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post(
    "/login",
    response_model=Token,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST, status.HTTP_401_UNAUTHORIZED, status.HTTP_429_TOO_MANY_REQUESTS
    ),
)
async def login(
    credentials: LoginRequest,
    session: SessionDep,
    hasher: HasherDep,
    throttle: LoginThrottleDep,
    settings: SettingsDep,
    response: Response,
) -> Token:
    """Exchange a username (or email address) and password for a bearer token."""
    user = await auth_service.log_in(
        session, hasher, throttle, credentials.username, credentials.password
    )
    # A token is a credential: no browser or proxy may keep a copy (RFC 6749, section 5.1).
    response.headers["Cache-Control"] = "no-store"
    return auth_service.issue_token(user, settings)


@router.post(
    "/token",
    response_model=Token,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST, status.HTTP_401_UNAUTHORIZED, status.HTTP_429_TOO_MANY_REQUESTS
    ),
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: SessionDep,
    hasher: HasherDep,
    throttle: LoginThrottleDep,
    settings: SettingsDep,
    response: Response,
) -> Token:
    """The OAuth2 password flow (RFC 6749, section 4.3): the same login as `/login`, sent as
    a form, which is what Swagger's "Authorize" button and OAuth2 clients send."""
    user = await auth_service.log_in(session, hasher, throttle, form.username, form.password)
    response.headers["Cache-Control"] = "no-store"
    return auth_service.issue_token(user, settings)


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST, status.HTTP_401_UNAUTHORIZED, status.HTTP_429_TOO_MANY_REQUESTS
    ),
)
async def change_password(
    data: PasswordChange,
    user: CurrentUser,
    session: SessionDep,
    hasher: HasherDep,
    throttle: LoginThrottleDep,
) -> None:
    """Change the current user's password; every token issued before stops working."""
    await auth_service.change_password(session, hasher, throttle, user, data)


@router.post(
    "/register",
    response_model=UserRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(status.HTTP_400_BAD_REQUEST, status.HTTP_409_CONFLICT),
)
async def register(
    data: RegisterRequest,
    session: SessionDep,
    hasher: HasherDep,
    response: Response,
    mailer: MailerDep,
    settings: SettingsDep,
) -> User:
    """Create a student account and email it a verification link. It does not log in: ask
    `/login` for a token next."""
    user = await auth_service.register(session, hasher, data)
    await verification_service.welcome(session, mailer, settings, user)
    response.headers["Location"] = "/api/users/me"
    return user


@router.post(
    "/verify",
    response_model=UserRead,
    responses=error_responses(status.HTTP_400_BAD_REQUEST),
)
async def verify(data: VerifyRequest, session: SessionDep) -> User:
    """Confirm an email address with the token from the verification email. No login is
    needed: holding the token is the proof."""
    return await verification_service.verify_email(session, data.token)


@router.post(
    "/verify/resend",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_409_CONFLICT,
        status.HTTP_429_TOO_MANY_REQUESTS,
        status.HTTP_503_SERVICE_UNAVAILABLE,
    ),
)
async def resend_verification(
    user: CurrentUser, session: SessionDep, mailer: MailerDep, settings: SettingsDep
) -> None:
    """Send a new verification email; the links of earlier ones stop working."""
    await verification_service.resend(session, mailer, settings, user)
