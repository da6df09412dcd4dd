from fastapi import APIRouter, status

from coursehub.api.deps import CurrentUser
from coursehub.core.errors import error_responses
from coursehub.schemas.user import UserRead

from coursehub.models import User
from coursehub.schemas.user import UserUpdate
from coursehub.services import users as user_service

from coursehub.api.deps import MailerDep, SettingsDep
from coursehub.services import verification as verification_service

from coursehub.api.deps import SessionDep
from coursehub.models import StudyGroup
from coursehub.schemas.group import GroupRead
from coursehub.services import groups as group_service

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me", response_model=UserRead, responses=error_responses(status.HTTP_401_UNAUTHORIZED))
async def read_current_user(user: CurrentUser) -> UserRead:
    """The user the bearer token belongs to."""
    return UserRead.model_validate(user)


@router.patch(
    "/me",
    response_model=UserRead,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST, status.HTTP_401_UNAUTHORIZED, status.HTTP_409_CONFLICT
    ),
)
async def update_current_user(
    data: UserUpdate,
    user: CurrentUser,
    session: SessionDep,
    mailer: MailerDep,
    settings: SettingsDep,
) -> User:
    """Change the current user's email address or full name. A new address must be verified
    again: a verification email goes to it."""
    previous_email = user.email
    updated = await user_service.update_me(session, user, data)
    if updated.email != previous_email:
        await verification_service.welcome(session, mailer, settings, updated)
    return updated


@router.get(
    "/me/groups",
    response_model=list[GroupRead],
    responses=error_responses(status.HTTP_401_UNAUTHORIZED),
)
async def list_my_groups(user: CurrentUser, session: SessionDep) -> list[StudyGroup]:
    """The study groups the current user belongs to."""
    return list(await group_service.list_user_groups(session, user))
