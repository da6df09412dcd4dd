from fastapi import APIRouter

from coursehub.api.deps import HasherDep, SessionDep, SettingsDep
from coursehub.schemas.auth import LoginRequest, Token
from coursehub.services import auth as auth_service

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login", response_model=Token)
async def login(
    credentials: LoginRequest, session: SessionDep, hasher: HasherDep, settings: SettingsDep
) -> Token:
    """Exchange a username and password for a bearer token."""
    user = await auth_service.authenticate(
        session, hasher, credentials.username, credentials.password
    )
    return auth_service.issue_token(user, settings)
