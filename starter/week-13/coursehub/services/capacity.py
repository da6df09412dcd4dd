"""Course capacity: a course takes at most `max_groups` study groups.

The rule lives here, not in a route, because two endpoints must keep it (creating a group,
and changing a course's limit) and because it is only true if counting and writing happen as
one step: the service holds the course's row while it counts, so two students creating the
last group at the same moment cannot both get it. The two checks are plain functions of
numbers, so they can be tested without a database or a server.
"""

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.models import Course, StudyGroup

from coursehub.core.errors import ConflictError


async def lock_course(session: AsyncSession, course_id: int) -> None:
    """Hold the course's row until this transaction ends: whoever counts the course's groups
    next waits here until this transaction has committed (or rolled back), then counts again.

    The lock is a write that changes nothing, for the reason `lock_group` gives: PostgreSQL
    locks the row, SQLite takes its one write lock."""
    await session.execute(update(Course).where(Course.id == course_id).values(code=Course.code))


async def count_groups(session: AsyncSession, course_id: int) -> int:
    query = select(func.count()).select_from(StudyGroup).where(StudyGroup.course_id == course_id)
    return (await session.scalar(query)) or 0


def check_room_for_group(course: Course, group_count: int) -> None:
    """Refuse a new group when the course already has as many as it takes."""
    if course.max_groups is not None and group_count >= course.max_groups:
        raise ConflictError(
            f"Course {course.code} is full (max_groups is {course.max_groups}): join one of its "
            "study groups, or ask an instructor to raise max_groups."
        )


def check_new_limit(course: Course, new_limit: int, group_count: int) -> None:
    """Refuse a limit below the groups the course has now: it would hold more than it
    allows, and no group is deleted to make it fit."""
    if new_limit < group_count:
        raise ConflictError(
            f"Course {course.code} has {group_count} study groups; max_groups cannot be "
            f"lower than that (you asked for {new_limit})."
        )
