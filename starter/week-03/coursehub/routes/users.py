from fastapi import APIRouter, status

from coursehub.api.deps import CurrentUser
from coursehub.core.errors import error_responses
from coursehub.schemas.user import UserRead


router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me", response_model=UserRead, responses=error_responses(status.HTTP_401_UNAUTHORIZED))
async def read_current_user(user: CurrentUser) -> UserRead:
    """The user the bearer token belongs to."""
    return UserRead.model_validate(user)
