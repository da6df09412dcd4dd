from typing import Annotated

from fastapi import APIRouter, Path

from conduit.api.deps import OPTIONAL_TOKEN, CurrentUser, OptionalUser, SessionDep
from conduit.core.errors import error_responses
from conduit.schemas.common import NO_NUL
from conduit.schemas.profile import ProfileResponse
from conduit.services import profiles as profile_service

router = APIRouter(prefix="/api/profiles", tags=["Profile"])

Username = Annotated[str, Path(max_length=40, pattern=NO_NUL, description="Any case.")]


@router.get(
    "/{username}",
    operation_id="GetProfileByUsername",
    response_model=ProfileResponse,
    responses=error_responses(401, 404, 422),
    openapi_extra=OPTIONAL_TOKEN,
)
async def get_profile(
    username: Username, reader: OptionalUser, session: SessionDep
) -> ProfileResponse:
    """A user's profile; `following` says whether the reader follows them. Token optional."""
    reader_id = reader.id if reader else None
    return ProfileResponse(profile=await profile_service.profile_of(session, username, reader_id))


@router.post(
    "/{username}/follow",
    operation_id="FollowUserByUsername",
    response_model=ProfileResponse,
    responses=error_responses(401, 404, 422),
)
async def follow(username: Username, user: CurrentUser, session: SessionDep) -> ProfileResponse:
    """Follow a user: their articles join the reader's feed. Following twice changes nothing;
    following oneself is refused (422)."""
    return ProfileResponse(profile=await profile_service.follow(session, user.id, username))


@router.delete(
    "/{username}/follow",
    operation_id="UnfollowUserByUsername",
    response_model=ProfileResponse,
    responses=error_responses(401, 404, 422),
)
async def unfollow(username: Username, user: CurrentUser, session: SessionDep) -> ProfileResponse:
    """Stop following a user (not following them: nothing changes)."""
    return ProfileResponse(profile=await profile_service.unfollow(session, user.id, username))
