from fastapi import APIRouter, status

from coursehub.api.deps import CurrentUser
from coursehub.core.errors import error_responses
from coursehub.schemas.user import UserRead

# >>> homework hw04
from coursehub.api.deps import SessionDep
from coursehub.models import StudyGroup
from coursehub.schemas.group import GroupRead
from coursehub.services import groups as group_service
# <<<

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me", response_model=UserRead, responses=error_responses(status.HTTP_401_UNAUTHORIZED))
async def read_current_user(user: CurrentUser) -> UserRead:
    """The user the bearer token belongs to."""
    return UserRead.model_validate(user)


# >>> homework hw04


@router.get(
    "/me/groups",
    response_model=list[GroupRead],
    responses=error_responses(status.HTTP_401_UNAUTHORIZED),
)
async def list_my_groups(user: CurrentUser, session: SessionDep) -> list[StudyGroup]:
    """The study groups the current user belongs to."""
    return list(await group_service.list_user_groups(session, user))


# === starter
#
#
# # TODO(hw04): GET /api/users/me/groups -> 200, list[GroupRead] of the current user's groups
# # (401 without a valid token).
# <<<
