from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import ConflictError, NotFoundError
from coursehub.models import Course

from coursehub.schemas.course import CourseCreate, CourseUpdate


async def list_courses(session: AsyncSession) -> Sequence[Course]:
    return (await session.scalars(select(Course).order_by(Course.code))).all()


async def get_course(session: AsyncSession, course_id: int) -> Course:
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFoundError(f"Course {course_id} does not exist.")
    return course


async def create_course(session: AsyncSession, data: CourseCreate) -> Course:
    """Store a new course and return it (with its id and created_at).

    TODO(hw03): raise ConflictError when another course already has `data.code`.
    """
    raise NotImplementedError("TODO(hw03): create_course")


async def update_course(session: AsyncSession, course_id: int, data: CourseUpdate) -> Course:
    """Change only the fields the client sent (`data.model_dump(exclude_unset=True)`).

    TODO(hw03): NotFoundError for an unknown id, ConflictError for a code that is taken.
    """
    raise NotImplementedError("TODO(hw03): update_course")


async def delete_course(session: AsyncSession, course_id: int) -> None:
    """Delete the course.

    TODO(hw03): NotFoundError for an unknown id; ConflictError while it still has groups.
    """
    raise NotImplementedError("TODO(hw03): delete_course")
