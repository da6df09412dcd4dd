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

from fastapi import Query

from coursehub.schemas.common import NO_NUL

from coursehub.api.deps import StaffUser
from coursehub.schemas.course import CourseCreate, CourseUpdate

from coursehub.models import StudyGroup
from coursehub.schemas.group import GroupRead
from coursehub.services import groups as group_service

router = APIRouter(prefix="/api/courses", tags=["courses"])

# Ids are positive: /api/courses/0 or /api/courses/-3 is a malformed request (422), not a
# search that found nothing (404).
CourseId = Annotated[int, Path(gt=0, le=MAX_ID, description="The course's id.")]


@router.get("", response_model=list[CourseRead])
async def list_courses(
    session: SessionDep,
    search: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL,
            description="Only courses whose code or title contains this text, in any case. "
            "Every character is literal: `%` and `_` match themselves.",
        ),
    ] = None,
) -> Sequence[Course]:
    """Every course (or those that match `search`), ordered by code."""
    return await course_service.list_courses(session, search)


@router.get(
    "/{course_id}", response_model=CourseRead, responses=error_responses(status.HTTP_404_NOT_FOUND)
)
async def read_course(course_id: CourseId, session: SessionDep) -> Course:
    return await course_service.get_course(session, course_id)


@router.post(
    "",
    response_model=CourseRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST,
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_403_FORBIDDEN,
        status.HTTP_409_CONFLICT,
    ),
)
async def create_course(
    data: CourseCreate, session: SessionDep, _user: StaffUser, response: Response
) -> Course:
    """Create a course. Instructors and admins only."""
    course = await course_service.create_course(session, data)
    response.headers["Location"] = f"/api/courses/{course.id}"
    return course


@router.patch(
    "/{course_id}",
    response_model=CourseRead,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST,
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_403_FORBIDDEN,
        status.HTTP_404_NOT_FOUND,
        status.HTTP_409_CONFLICT,
    ),
)
async def update_course(
    course_id: CourseId, data: CourseUpdate, session: SessionDep, _user: StaffUser
) -> Course:
    """Change a course. Instructors and admins only."""
    return await course_service.update_course(session, course_id, data)


@router.delete(
    "/{course_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_403_FORBIDDEN,
        status.HTTP_404_NOT_FOUND,
        status.HTTP_409_CONFLICT,
    ),
)
async def delete_course(course_id: CourseId, session: SessionDep, _user: StaffUser) -> None:
    """Delete a course without study groups. Instructors and admins only."""
    await course_service.delete_course(session, course_id)


@router.get(
    "/{course_id}/groups",
    response_model=list[GroupRead],
    responses=error_responses(status.HTTP_404_NOT_FOUND),
)
async def list_course_groups(course_id: CourseId, session: SessionDep) -> Sequence[StudyGroup]:
    """The study groups of one course."""
    return await group_service.list_course_groups(session, course_id)
