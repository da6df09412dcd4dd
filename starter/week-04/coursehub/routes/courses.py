from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path

from fastapi import Response, status

from coursehub.api.deps import SessionDep
from coursehub.core.errors import error_responses
from coursehub.models import Course
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.course import CourseRead
from coursehub.services import courses as course_service

from coursehub.api.deps import CurrentUser
from coursehub.schemas.course import CourseCreate, CourseUpdate


router = APIRouter(prefix="/api/courses", tags=["courses"])

# No id is past what the database's integers hold (either way): that is a malformed request.
CourseId = Annotated[int, Path(ge=-MAX_ID, le=MAX_ID, description="The course's id.")]


@router.get("", response_model=list[CourseRead])
async def list_courses(session: SessionDep) -> Sequence[Course]:
    """Every course, ordered by code."""
    return await course_service.list_courses(session)


# TODO(hw03): the four endpoints of the HW3 contract, each calling course_service:
#   GET    /api/courses/{course_id}  -> 200 CourseRead            (404 unknown id)
#   POST   /api/courses              -> 201 CourseRead + Location (401, 409, 422)
#   PATCH  /api/courses/{course_id}  -> 200 CourseRead            (401, 404, 409, 422)
#   DELETE /api/courses/{course_id}  -> 204 no body               (401, 404, 409)
# Writes need a logged-in user: add a `_user: CurrentUser` parameter.
