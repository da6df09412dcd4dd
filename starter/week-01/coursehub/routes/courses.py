from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path


from coursehub.api.deps import SessionDep
from coursehub.core.errors import error_responses
from coursehub.models import Course
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.course import CourseRead
from coursehub.services import courses as course_service


router = APIRouter(prefix="/api/courses", tags=["courses"])

# No id is past what the database's integers hold (either way): that is a malformed request.
CourseId = Annotated[int, Path(ge=-MAX_ID, le=MAX_ID, description="The course's id.")]


@router.get("", response_model=list[CourseRead])
async def list_courses(session: SessionDep) -> Sequence[Course]:
    """Every course, ordered by code."""
    return await course_service.list_courses(session)
