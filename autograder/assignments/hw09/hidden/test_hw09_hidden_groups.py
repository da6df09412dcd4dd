"""Hidden HW9 contracts of POST /api/groups: a course takes at most `max_groups` groups."""

import pytest
from hw09_hidden_helpers import (
    STUDENTS,
    at_once,
    fill,
    forged,
    group_count,
    member_count,
    names_number,
    new_course,
    post_group,
    unverified_student,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw09")


@pytest.mark.contract("POST /api/groups", "paragraph 1", "behavior 2", "error 409")
def test_a_full_course_refuses_every_student_and_creates_nothing(
    client, auth, unique, unique_code, db
):
    """POST /api/groups in a course at its limit answers 409, names the limit, creates nothing."""
    course = new_course(client, auth, unique_code, max_groups=3)
    fill(client, auth, unique, course, 3)
    members = member_count(db, course)
    for student in STUDENTS:
        name = unique("Refused group")
        body = error_of(post_group(client, auth(student), course, name), 409)
        assert body["code"] == "conflict"
        assert course["code"] in body["detail"], "the detail names the course's code"
        assert names_number(body["detail"], course, 3), "the detail names the limit"
        assert db("SELECT id FROM study_groups WHERE name = :n", n=name) == []
    assert (group_count(db, course), member_count(db, course)) == (3, members)
    listed = client.get(f"/api/courses/{course['id']}/groups").json()
    assert len(listed) == 3


@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 5", "output 201")
@pytest.mark.contract(
    "POST /api/courses", "input max_groups", "behavior 1", "output 201", "output max_groups"
)
def test_a_limit_of_1_and_of_100_are_limits(client, auth, unique, unique_code, db):
    """A course with max_groups 1 takes one group; one with 100 takes groups up to 100."""
    single = new_course(client, auth, unique_code, max_groups=1)
    assert single["max_groups"] == 1
    created = post_group(client, auth("dave"), single, unique("Only group"))
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    assert created.json()["member_count"] == 1
    assert created.json()["course"]["id"] == single["id"]
    error_of(post_group(client, auth("alice"), single, unique("Second group")), 409)
    wide = new_course(client, auth, unique_code, max_groups=100)
    assert wide["max_groups"] == 100
    fill(client, auth, unique, wide, 4)
    assert (group_count(db, single), group_count(db, wide)) == (1, 4)


@pytest.mark.contract("POST /api/groups", "behavior 3", "behavior 4")
@pytest.mark.contract("POST /api/courses", "input max_groups", "behavior 1")
def test_no_limit_takes_any_number_and_other_courses_never_count(
    client, auth, unique, unique_code, db
):
    """Only the course's own groups count; a course without max_groups (or null) has no end."""
    left_out = new_course(client, auth, unique_code, max_groups=None)
    created = client.post(
        "/api/courses",
        json={"code": unique_code(), "title": "Null limit", "max_groups": None},
        headers=auth("erin"),
    )
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    sent_null = created.json()
    limited = new_course(client, auth, unique_code, max_groups=2)
    assert left_out["max_groups"] is None and sent_null["max_groups"] is None
    fill(client, auth, unique, limited, 1)
    fill(client, auth, unique, left_out, 5)
    fill(client, auth, unique, sent_null, 4)
    fill(client, auth, unique, limited, 1)
    error_of(post_group(client, auth("bob"), limited, unique("Overflow")), 409)
    other = new_course(client, auth, unique_code, max_groups=2)
    fill(client, auth, unique, other, 2)
    counts = [group_count(db, course) for course in (left_out, sent_null, limited, other)]
    assert counts == [5, 4, 2, 2]


@pytest.mark.contract(
    "POST /api/groups", "behavior 1", "error 401", "error 403", "error 404", "paragraph 1"
)
def test_the_checks_of_earlier_weeks_come_before_the_limit(
    client, auth, unique, unique_code, missing_id, db
):
    """POST /api/groups answers 401, 403, 422 and 404 as before, also for a course at its limit."""
    course = new_course(client, auth, unique_code, max_groups=1)
    fill(client, auth, unique, course, 1)
    for headers in ({}, forged(auth, "alice")):
        response = post_group(client, headers, course, unique("No token"))
        assert error_of(response, 401)["code"] == "not_authenticated"
    unverified = unverified_student(client, unique)
    response = post_group(client, unverified, course, unique("Unverified"))
    assert error_of(response, 403)["code"] == "forbidden"
    invalid = client.post(
        "/api/groups", json={"name": "x", "course_id": course["id"]}, headers=auth("bob")
    )
    error_of(invalid, 422)
    unknown = client.post(
        "/api/groups",
        json={"name": unique("Nowhere"), "course_id": missing_id()},
        headers=auth("bob"),
    )
    error_of(unknown, 404)
    error_of(post_group(client, auth("bob"), course, unique("Too late")), 409)
    assert group_count(db, course) == 1


@pytest.mark.contract("POST /api/groups", "behavior 6", "behavior 2")
def test_ten_groups_at_once_for_two_places_give_exactly_two(client, auth, unique, unique_code, db):
    """Ten POST /api/groups at once for a course with room for two: exactly two get 201."""
    for _ in range(4):  # several rounds: one lucky order must not pass
        course = new_course(client, auth, unique_code, max_groups=2)
        statuses = at_once(client, auth, unique, course, 10)
        assert statuses == [201] * 2 + [409] * 8, f"expected two 201s, got {statuses}"
        assert group_count(db, course) == 2


@pytest.mark.contract("POST /api/groups", "behavior 6", "behavior 2", "behavior 5")
def test_the_last_places_go_once_when_requests_race(client, auth, unique, unique_code, db):
    """Groups created at once in a course that already has some fill only the places left."""
    for _ in range(3):
        course = new_course(client, auth, unique_code, max_groups=4)
        fill(client, auth, unique, course, 2)
        statuses = at_once(client, auth, unique, course, 8)
        assert statuses == [201] * 2 + [409] * 6, f"expected two 201s, got {statuses}"
        assert group_count(db, course) == 4
