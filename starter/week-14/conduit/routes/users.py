from fastapi import APIRouter, Depends, status

from conduit.api.deps import (
    CurrentUser,
    HasherDep,
    PresentedToken,
    SessionDep,
    SettingsDep,
    no_store,
)
from conduit.core.errors import error_responses
from conduit.schemas.user import LoginUserRequest, NewUserRequest, UserResponse, UserUpdateRequest
from conduit.services import auth as auth_service
from conduit.services import users as user_service

router = APIRouter(
    prefix="/api", tags=["User and Authentication"], dependencies=[Depends(no_store)]
)


@router.post(
    "/users",
    operation_id="CreateUser",
    status_code=status.HTTP_201_CREATED,
    response_model=UserResponse,
    responses=error_responses(422),
)
async def register(
    body: NewUserRequest, session: SessionDep, hasher: HasherDep, settings: SettingsDep
) -> UserResponse:
    """Register; the answer's token works at once (no separate login)."""
    user = await auth_service.register(session, hasher, body.user)
    token = auth_service.issue_token(user, settings)
    return UserResponse(user=user_service.user_read(user, token))


@router.post(
    "/users/login",
    operation_id="Login",
    response_model=UserResponse,
    responses=error_responses(401, 422),
)
async def login(
    body: LoginUserRequest, session: SessionDep, hasher: HasherDep, settings: SettingsDep
) -> UserResponse:
    """Exchange an email address and password for a token."""
    user = await auth_service.log_in(session, hasher, body.user)
    token = auth_service.issue_token(user, settings)
    return UserResponse(user=user_service.user_read(user, token))


@router.get(
    "/user",
    operation_id="GetCurrentUser",
    response_model=UserResponse,
    responses=error_responses(401),
)
async def current_user(user: CurrentUser, token: PresentedToken) -> UserResponse:
    """The user the token belongs to, with the same token."""
    return UserResponse(user=user_service.user_read(user, token))


@router.put(
    "/user",
    operation_id="UpdateCurrentUser",
    response_model=UserResponse,
    responses=error_responses(401, 422),
)
async def update_current_user(
    body: UserUpdateRequest,
    user: CurrentUser,
    token: PresentedToken,
    session: SessionDep,
    hasher: HasherDep,
    settings: SettingsDep,
) -> UserResponse:
    """Change the email, username, password, bio or image (at least one). After a new
    password only the token of this answer works."""
    changed = await user_service.update_user(session, hasher, settings, user, body.user, token)
    return UserResponse(user=changed)
