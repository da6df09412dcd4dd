from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, status


from coursehub.api.deps import CurrentUser, SessionDep
from coursehub.core.errors import error_responses
from coursehub.models import StudyGroup
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.group import GroupCreate, GroupRead
from coursehub.services import groups as group_service


router = APIRouter(prefix="/api/groups", tags=["groups"])

# No id is past what the database's integers hold (either way): that is a malformed request.
GroupId = Annotated[int, Path(ge=-MAX_ID, le=MAX_ID, description="The study group's id.")]


@router.get("", response_model=list[GroupRead])
async def list_groups(session: SessionDep) -> Sequence[StudyGroup]:
    """Every study group, with its course and how many members it has."""
    return await group_service.list_groups(session)


@router.post(
    "",
    response_model=GroupRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST,
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_404_NOT_FOUND,
        status.HTTP_409_CONFLICT,
    ),
)
async def create_group(data: GroupCreate, session: SessionDep, user: CurrentUser) -> StudyGroup:
    """Create a study group in a course; the creator becomes its first member."""
    return await group_service.create_group(session, data, creator=user)
