"""HW9's rule tested below HTTP: the two rule functions on plain numbers (no database), then
the services that use them with a real AsyncSession on the test database.

Both levels run the app's code in this process, so they skip against a live server; the HTTP
level is tests/test_hw09_course_capacity.py.
"""

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

# The grader's pytest cannot import the app (it talks to it over HTTP only): skip before the
# imports below.
if os.environ.get("COURSEHUB_TEST_BASE_URL"):
    pytest.skip("runs the app's services in this process", allow_module_level=True)

from coursehub.core.database import make_engine, make_session_factory
from coursehub.core.errors import ConflictError
from coursehub.models import Course, StudyGroup, User
from coursehub.schemas.course import CourseCreate, CourseUpdate
from coursehub.schemas.group import GroupCreate
from coursehub.services import capacity, courses, groups

pytestmark = pytest.mark.homework("hw09")


# The pure rules: a course and a number in, an exception or nothing out.


@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 3")
def test_room_for_a_group_until_the_limit_is_reached():
    course = Course(code="UX-501", max_groups=2)
    capacity.check_room_for_group(course, 0)
    capacity.check_room_for_group(course, 1)
    for count in (2, 3):
        with pytest.raises(ConflictError) as refused:
            capacity.check_room_for_group(course, count)
        assert "UX-501" in refused.value.detail and "2" in refused.value.detail
    capacity.check_room_for_group(Course(code="UX-501", max_groups=None), 1000)


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 4", "behavior 5")
def test_a_new_limit_may_not_go_below_the_groups():
    course = Course(code="UX-501", max_groups=5)
    for new_limit in (3, 4, 100):
        capacity.check_new_limit(course, new_limit, 3)
    for new_limit in (1, 2):
        with pytest.raises(ConflictError) as refused:
            capacity.check_new_limit(course, new_limit, 3)
        assert "3" in refused.value.detail


# The services, each call in a session of its own as a request would have, on the database
# the app of the `client` fixture created and seeded.


@pytest.fixture
def in_sessions(client, database_url) -> Callable[[Callable[..., Awaitable[Any]]], Any]:
    """`in_sessions(work)` runs `work(new_session)` on the test database and returns its
    result; each `async with new_session() as session` is one request's session."""

    def run(work: Callable[..., Awaitable[Any]]) -> Any:
        async def main() -> Any:
            engine = make_engine(database_url)
            try:
                return await work(make_session_factory(engine))
            finally:
                await engine.dispose()

        return asyncio.run(main())

    return run


async def create_course(new_session, code: str, max_groups: int) -> Course:
    async with new_session() as session:
        data = CourseCreate(code=code, title="Capacity service", max_groups=max_groups)
        return await courses.create_course(session, data)


async def create_group(new_session, course: Course, name: str) -> StudyGroup:
    async with new_session() as session:
        alice = await session.get(User, 1)
        data = GroupCreate(name=name, course_id=course.id)
        return await groups.create_group(session, data, creator=alice)


async def group_count(new_session, course: Course) -> int:
    async with new_session() as session:
        return await capacity.count_groups(session, course.id)


@pytest.mark.contract("POST /api/groups", "behavior 2", "error 409")
def test_create_group_refuses_a_full_course_and_stores_nothing(in_sessions, unique, unique_code):
    async def work(new_session) -> int:
        course = await create_course(new_session, unique_code(), max_groups=1)
        await create_group(new_session, course, unique("Service group"))
        with pytest.raises(ConflictError):
            await create_group(new_session, course, unique("Service group"))
        return await group_count(new_session, course)

    assert in_sessions(work) == 1


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 4", "error 409")
def test_update_course_keeps_the_limit_it_cannot_lower(in_sessions, unique, unique_code):
    async def work(new_session) -> tuple[int | None, str]:
        course = await create_course(new_session, unique_code(), max_groups=3)
        for _ in range(2):
            await create_group(new_session, course, unique("Service group"))
        async with new_session() as session:
            with pytest.raises(ConflictError):
                change = CourseUpdate(max_groups=1, title="Lowered")
                await courses.update_course(session, course.id, change)
        async with new_session() as session:
            await courses.update_course(session, course.id, CourseUpdate(max_groups=2))
        async with new_session() as session:
            stored = await courses.get_course(session, course.id)
            return stored.max_groups, stored.title

    assert in_sessions(work) == (2, "Capacity service")


@pytest.mark.contract("POST /api/groups", "behavior 6")
def test_create_group_at_the_same_moment_keeps_the_limit(in_sessions, unique, unique_code):
    async def work(new_session) -> tuple[list[str], int]:
        course = await create_course(new_session, unique_code(), max_groups=2)
        names = [unique("Service race") for _ in range(8)]
        results = await asyncio.gather(
            *(create_group(new_session, course, name) for name in names), return_exceptions=True
        )
        kinds = sorted(type(result).__name__ for result in results)
        return kinds, await group_count(new_session, course)

    kinds, count = in_sessions(work)
    assert kinds == ["ConflictError"] * 6 + ["StudyGroup"] * 2
    assert count == 2
