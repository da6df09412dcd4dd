from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, status

from fastapi import Response

from coursehub.api.deps import CurrentUser, SessionDep
from coursehub.api.deps import VerifiedUser
from coursehub.api.deps import HubDep
from coursehub.core.errors import error_responses
from coursehub.models import StudyGroup
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.group import GroupCreate, GroupRead
from coursehub.services import groups as group_service

from coursehub.models import Membership
from coursehub.schemas.group import GroupDetail, MembershipRead

router = APIRouter(prefix="/api/groups", tags=["groups"])

GroupId = Annotated[int, Path(gt=0, le=MAX_ID, description="The study group's id.")]


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
        status.HTTP_403_FORBIDDEN,
        status.HTTP_404_NOT_FOUND,
        status.HTTP_409_CONFLICT,
    ),
)
async def create_group(data: GroupCreate, session: SessionDep, user: VerifiedUser) -> StudyGroup:
    """Create a study group in a course; the creator becomes its first member. Only users
    who verified their email address may (403 before)."""
    return await group_service.create_group(session, data, creator=user)


@router.get(
    "/{group_id}", response_model=GroupDetail, responses=error_responses(status.HTTP_404_NOT_FOUND)
)
async def read_group(group_id: GroupId, session: SessionDep) -> StudyGroup:
    """One group with its course and its members."""
    return await group_service.get_group(session, group_id)


@router.post(
    "/{group_id}/members",
    response_model=MembershipRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        status.HTTP_401_UNAUTHORIZED, status.HTTP_404_NOT_FOUND, status.HTTP_409_CONFLICT
    ),
)
async def join_group(group_id: GroupId, session: SessionDep, user: CurrentUser) -> Membership:
    """The current user joins the group."""
    return await group_service.join_group(session, group_id, user)


@router.delete(
    "/{group_id}/members/me",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(status.HTTP_401_UNAUTHORIZED, status.HTTP_404_NOT_FOUND),
)
async def leave_group(
    group_id: GroupId, session: SessionDep, user: CurrentUser, hub: HubDep
) -> Response:
    """The current user leaves the group (and stops hearing its live events)."""
    await group_service.leave_group(session, group_id, user)
    hub.disconnect_user(group_id, user.id, f"You left study group {group_id}.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
