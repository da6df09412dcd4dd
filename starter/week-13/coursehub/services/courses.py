from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import ConflictError, NotFoundError
from coursehub.models import Course

from sqlalchemy import func, or_


from coursehub.schemas.course import CourseCreate, CourseUpdate

from coursehub.models import StudyGroup
from coursehub.services.common import commit_or_conflict
from coursehub.services import capacity


async def list_courses(session: AsyncSession, search: str | None = None) -> Sequence[Course]:
    query = select(Course).order_by(Course.code)
    if search and search.strip():
        # The text travels as a bound parameter, never as SQL; LIKE's own wildcards in it are
        # escaped, so "100%" finds "100%" and "_" finds an underscore.
        escaped = search.strip().lower().replace("\\", "\\\\").replace("%", "\\%")
        pattern = "%" + escaped.replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(Course.code).like(pattern, escape="\\"),
                func.lower(Course.title).like(pattern, escape="\\"),
            )
        )
    return (await session.scalars(query)).all()


async def get_course(session: AsyncSession, course_id: int) -> Course:
    course = await session.get(Course, course_id)
    if course is None:
        raise NotFoundError(f"Course {course_id} does not exist.")
    return course


async def _ensure_code_is_free(session: AsyncSession, code: str, course_id: int | None) -> None:
    clash = await session.scalar(select(Course.id).where(Course.code == code))
    if clash is not None and clash != course_id:
        raise ConflictError(f"A course with code {code!r} already exists.")


async def create_course(session: AsyncSession, data: CourseCreate) -> Course:
    await _ensure_code_is_free(session, data.code, course_id=None)
    course = Course(**data.model_dump())
    session.add(course)
    await commit_or_conflict(session, f"A course with code {data.code!r} already exists.")
    await session.refresh(course)
    return course


async def update_course(session: AsyncSession, course_id: int, data: CourseUpdate) -> Course:
    course = await get_course(session, course_id)
    changes = data.model_dump(exclude_unset=True)
    if "code" in changes:
        await _ensure_code_is_free(session, changes["code"], course_id=course_id)
    if "max_groups" in changes:
        await capacity.lock_course(session, course_id)  # no group is added while we count
        groups = await capacity.count_groups(session, course_id)
        capacity.check_new_limit(course, changes["max_groups"], groups)
    for field, value in changes.items():
        setattr(course, field, value)
    await commit_or_conflict(session, f"A course with code {course.code!r} already exists.")
    await session.refresh(course)
    return course


async def delete_course(session: AsyncSession, course_id: int) -> None:
    course = await get_course(session, course_id)
    # Deleting a course must not silently delete its students' groups.
    has_groups = await session.scalar(
        select(StudyGroup.id).where(StudyGroup.course_id == course_id).limit(1)
    )
    if has_groups is not None:
        raise ConflictError(
            f"Course {course_id} still has study groups; delete or move them first."
        )
    await session.delete(course)
    await session.commit()
