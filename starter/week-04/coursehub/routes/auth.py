from fastapi import APIRouter, Response, status

from coursehub.api.deps import HasherDep, LoginThrottleDep, SessionDep, SettingsDep
from coursehub.core.errors import error_responses
from coursehub.schemas.auth import LoginRequest, Token
from coursehub.services import auth as auth_service

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
    """Exchange a username and password for a bearer token."""
    user = await auth_service.log_in(
        session, hasher, throttle, credentials.username, credentials.password
    )
    # A token is a credential: no browser or proxy may keep a copy (RFC 6749, section 5.1).
    response.headers["Cache-Control"] = "no-store"
    return auth_service.issue_token(user, settings)
