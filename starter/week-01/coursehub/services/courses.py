from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import ConflictError, NotFoundError
from coursehub.models import Course


async def list_courses(session: AsyncSession) -> Sequence[Course]:
    return (await session.scalars(select(Course).order_by(Course.code))).all()


async def get_course(session: AsyncSession, course_id: int) -> Course:
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFoundError(f"Course {course_id} does not exist.")
    return course
