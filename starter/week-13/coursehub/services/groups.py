from collections.abc import Sequence

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from coursehub.core.errors import ConflictError, NotFoundError
from coursehub.models import Membership, StudyGroup, User
from coursehub.schemas.group import GroupCreate
from coursehub.services.common import commit_or_conflict
from coursehub.services.courses import get_course

from coursehub.services import capacity


def _groups_with_course() -> Select[tuple[StudyGroup]]:
    # selectinload fetches every listed group's course in one extra query, not one per group.
    return select(StudyGroup).options(selectinload(StudyGroup.course)).order_by(StudyGroup.id)


async def list_groups(session: AsyncSession) -> Sequence[StudyGroup]:
    return (await session.scalars(_groups_with_course())).all()


async def get_group(session: AsyncSession, group_id: int) -> StudyGroup:
    group = await session.scalar(
        _groups_with_course()
        .where(StudyGroup.id == group_id)
        .options(selectinload(StudyGroup.memberships).selectinload(Membership.user))
        # Re-read the member count even when the group is already in this session.
        .execution_options(populate_existing=True)
    )
    if group is None:
        raise NotFoundError(f"Study group {group_id} does not exist.")
    return group


async def lock_group(session: AsyncSession, group_id: int) -> None:
    """Hold the group's row until this transaction ends, so that counting the members and
    adding one are a single step: a second join of the same group waits here until the
    first has committed, then counts again (without it, four students joining a group of
    two at once can all see one member and all get in).

    The lock is a write that changes nothing. PostgreSQL then locks the row; SQLite has no
    row locks, and its one write lock is taken when a transaction first writes. (PostgreSQL
    alone could say `SELECT ... FOR UPDATE`, which SQLite ignores.)"""
    await session.execute(
        update(StudyGroup).where(StudyGroup.id == group_id).values(name=StudyGroup.name)
    )


async def create_group(session: AsyncSession, data: GroupCreate, creator: User) -> StudyGroup:
    """Create a group in a course; whoever creates it is its first member."""
    course = await get_course(session, data.course_id)
    await capacity.lock_course(session, course.id)  # before the groups are counted
    capacity.check_room_for_group(course, await capacity.count_groups(session, course.id))
    taken = await session.scalar(
        select(StudyGroup.id).where(
            StudyGroup.course_id == data.course_id, StudyGroup.name == data.name
        )
    )
    conflict = f"Course {data.course_id} already has a group named {data.name!r}."
    if taken is not None:
        raise ConflictError(conflict)
    group = StudyGroup(**data.model_dump(), created_by_id=creator.id)
    group.memberships.append(Membership(user_id=creator.id))
    session.add(group)
    await commit_or_conflict(session, conflict)
    return await get_group(session, group.id)


async def list_course_groups(session: AsyncSession, course_id: int) -> Sequence[StudyGroup]:
    await get_course(session, course_id)
    query = _groups_with_course().where(StudyGroup.course_id == course_id)
    return (await session.scalars(query)).all()


async def list_user_groups(session: AsyncSession, user: User) -> Sequence[StudyGroup]:
    """The groups a user belongs to: a join through the membership table."""
    query = (
        _groups_with_course()
        .join(Membership, Membership.group_id == StudyGroup.id)
        .where(Membership.user_id == user.id)
    )
    return (await session.scalars(query)).all()


async def join_group(session: AsyncSession, group_id: int, user: User) -> Membership:
    await lock_group(session, group_id)  # before the count is read
    group = await get_group(session, group_id)
    if any(member.id == user.id for member in group.members):
        raise ConflictError(f"You are already a member of study group {group_id}.")
    if group.member_count >= group.max_members:
        raise ConflictError(f"Study group {group_id} is full ({group.max_members} members).")
    membership = Membership(group_id=group_id, user_id=user.id)
    session.add(membership)
    await commit_or_conflict(session, f"You are already a member of study group {group_id}.")
    await session.refresh(membership)
    return membership


async def leave_group(session: AsyncSession, group_id: int, user: User) -> None:
    await get_group(session, group_id)
    membership = await session.get(Membership, {"user_id": user.id, "group_id": group_id})
    if membership is None:
        raise NotFoundError(f"You are not a member of study group {group_id}.")
    await session.delete(membership)
    await session.commit()
