from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, status

# >>> from week 05
from fastapi import Response
# <<<

from coursehub.api.deps import CurrentUser, SessionDep
# >>> from week 09
from coursehub.api.deps import VerifiedUser
# <<<
# >>> from week 13
from coursehub.api.deps import HubDep
# <<<
from coursehub.core.errors import error_responses
from coursehub.models import StudyGroup
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.group import GroupCreate, GroupRead
from coursehub.services import groups as group_service

# >>> homework hw04
from coursehub.models import Membership
from coursehub.schemas.group import GroupDetail, MembershipRead
# <<<

router = APIRouter(prefix="/api/groups", tags=["groups"])

# >>> homework hw05
GroupId = Annotated[int, Path(gt=0, le=MAX_ID, description="The study group's id.")]
# === before
# # No id is past what the database's integers hold (either way): that is a malformed request.
# GroupId = Annotated[int, Path(ge=-MAX_ID, le=MAX_ID, description="The study group's id.")]
# <<<


@router.get("", response_model=list[GroupRead])
async def list_groups(session: SessionDep) -> Sequence[StudyGroup]:
    """Every study group, with its course and how many members it has."""
    return await group_service.list_groups(session)


# >>> homework hw08
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


# === before
# @router.post(
#     "",
#     response_model=GroupRead,
#     status_code=status.HTTP_201_CREATED,
#     responses=error_responses(
#         status.HTTP_400_BAD_REQUEST,
#         status.HTTP_401_UNAUTHORIZED,
#         status.HTTP_404_NOT_FOUND,
#         status.HTTP_409_CONFLICT,
#     ),
# )
# async def create_group(data: GroupCreate, session: SessionDep, user: CurrentUser) -> StudyGroup:
#     """Create a study group in a course; the creator becomes its first member."""
#     return await group_service.create_group(session, data, creator=user)
# === starter
# @router.post(
#     "",
#     response_model=GroupRead,
#     status_code=status.HTTP_201_CREATED,
#     responses=error_responses(
#         status.HTTP_400_BAD_REQUEST,
#         status.HTTP_401_UNAUTHORIZED,
#         status.HTTP_404_NOT_FOUND,
#         status.HTTP_409_CONFLICT,
#     ),
# )
# async def create_group(data: GroupCreate, session: SessionDep, user: CurrentUser) -> StudyGroup:
#     """Create a study group in a course; the creator becomes its first member.
#
#     TODO(hw08): only users who verified their email address may (`VerifiedUser` in
#     api/deps.py, and say 403 in `responses`).
#     """
#     return await group_service.create_group(session, data, creator=user)
# <<<


# >>> homework hw04


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
# >>> from week 13
async def leave_group(
    group_id: GroupId, session: SessionDep, user: CurrentUser, hub: HubDep
) -> Response:
    """The current user leaves the group (and stops hearing its live events)."""
    await group_service.leave_group(session, group_id, user)
    hub.disconnect_user(group_id, user.id, f"You left study group {group_id}.")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# === before
# async def leave_group(group_id: GroupId, session: SessionDep, user: CurrentUser) -> Response:
#     """The current user leaves the group."""
#     await group_service.leave_group(session, group_id, user)
#     return Response(status_code=status.HTTP_204_NO_CONTENT)
# <<<


# === starter
#
#
# # TODO(hw04): the group endpoints of the HW4 contract, each calling group_service:
# #   GET    /api/groups/{group_id}             -> 200 GroupDetail (404)
# #   POST   /api/groups/{group_id}/members     -> 201 MembershipRead (401, 404, 409)
# #   DELETE /api/groups/{group_id}/members/me  -> 204 no body (401, 404)
# <<<
