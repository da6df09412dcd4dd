"""Hidden HW9 contracts of the course endpoints: max_groups is set, shown and changed, and
never goes below the groups a course has."""

import pytest
from hw09_hidden_helpers import (
    STAFF,
    STUDENTS,
    course_row,
    fill,
    forged,
    group_count,
    names_number,
    new_course,
    post_group,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw09")

OUT_OF_RANGE = (0, -1, 101, 1000, 2.5, "many")


def patch(client, headers, course, body):
    return client.patch(f"/api/courses/{course['id']}", json=body, headers=headers)


@pytest.mark.contract(
    "POST /api/courses",
    "behavior 2",
    "error 422",
    "input max_groups",
    "input Authorization",
    "paragraph 1",
)
def test_a_limit_outside_1_to_100_is_422_and_stores_nothing(client, auth, unique, unique_code, db):
    """POST /api/courses with max_groups outside 1-100 or no whole number answers 422."""
    for limit in OUT_OF_RANGE:
        code = unique_code()
        response = client.post(
            "/api/courses",
            json={"code": code, "title": "Out of range", "max_groups": limit},
            headers=auth("carol"),
        )
        fields = {item["field"] for item in error_of(response, 422)["errors"]}
        assert "max_groups" in fields, "the 422 names max_groups"
        assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    code = unique_code()
    student = client.post(
        "/api/courses", json={"code": code, "title": "S", "max_groups": 0}, headers=auth("bob")
    )
    error_of(student, 403)
    for headers in ({}, forged(auth)):
        nobody = client.post(
            "/api/courses", json={"code": code, "title": "S", "max_groups": 0}, headers=headers
        )
        error_of(nobody, 401)
    course = new_course(client, auth, unique_code, max_groups=1)
    taken = client.post(
        "/api/courses",
        json={"code": course["code"], "title": "Again", "max_groups": 5},
        headers=auth("erin"),
    )
    error_of(taken, 409)
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    fill(client, auth, unique, course, 1)
    error_of(post_group(client, auth("alice"), course, unique("One more")), 409)


@pytest.mark.contract(
    "GET /api/courses/{course_id}", "paragraph 1", "paragraph 2", "output 200", "output max_groups"
)
def test_every_read_of_a_course_shows_its_limit(client, auth, unique, unique_code):
    """GET /api/courses/{id} and GET /api/courses show max_groups, null for no limit."""
    limited = new_course(client, auth, unique_code, max_groups=2)
    unlimited = new_course(client, auth, unique_code, max_groups=None)
    fill(client, auth, unique, limited, 2)
    refused = patch(client, auth("carol"), limited, {"max_groups": 1})
    error_of(refused, 409)
    for course, limit in ((limited, 2), (unlimited, None)):
        shown = client.get(f"/api/courses/{course['id']}")
        assert shown.status_code == 200, f"expected 200, got {shown.status_code}"
        assert shown.json()["max_groups"] == limit
    listed = {c["id"]: c for c in client.get("/api/courses").json()}
    assert listed[limited["id"]]["max_groups"] == 2
    assert listed[unlimited["id"]]["max_groups"] is None
    raised = patch(client, auth("erin"), limited, {"max_groups": 7})
    assert raised.status_code == 200, f"expected 200, got {raised.status_code}"
    assert client.get(f"/api/courses/{limited['id']}").json()["max_groups"] == 7
    assert {c["id"]: c for c in client.get("/api/courses").json()}[limited["id"]]["max_groups"] == 7


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "behavior 4", "error 409", "paragraph 1", "output 200"
)
def test_a_refused_limit_changes_no_field_sent_with_it(client, auth, unique, unique_code, db):
    """PATCH /api/courses/{id} with a limit below the group count answers 409, changes nothing."""
    course = new_course(client, auth, unique_code, max_groups=5, description="Kept")
    fill(client, auth, unique, course, 3)
    before = course_row(db, course)
    change = {"title": "Renamed", "description": "Changed", "credits": 9, "code": unique_code()}
    for limit in (1, 2):
        body = error_of(patch(client, auth("carol"), course, {**change, "max_groups": limit}), 409)
        assert body["code"] == "conflict"
        assert names_number(body["detail"], course, 3), "the detail says how many groups"
    assert course_row(db, course) == before
    assert client.get(f"/api/courses/{course['id']}").json() == course
    accepted = patch(client, auth("carol"), course, {**change, "max_groups": 4})
    assert accepted.status_code == 200, f"expected 200, got {accepted.status_code}"
    assert accepted.json()["title"] == "Renamed" and accepted.json()["max_groups"] == 4
    assert group_count(db, course) == 3


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "behavior 5", "input max_groups", "output 200"
)
@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 5")
def test_a_limit_equal_to_the_groups_is_accepted_and_closes_the_course(
    client, auth, unique, unique_code, db
):
    """A limit equal to the number of groups answers 200; the course then takes no more."""
    course = new_course(client, auth, unique_code, max_groups=10)
    fill(client, auth, unique, course, 3)
    equal = patch(client, auth("erin"), course, {"max_groups": 3})
    assert equal.status_code == 200, f"expected 200, got {equal.status_code}"
    assert equal.json()["max_groups"] == 3
    assert course_row(db, course)[0]["max_groups"] == 3
    error_of(post_group(client, auth("dave"), course, unique("Closed")), 409)
    again = patch(client, auth("carol"), course, {"max_groups": 3})
    assert again.status_code == 200, f"expected 200, got {again.status_code}"
    assert group_count(db, course) == 3


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 5", "output 200")
@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 5")
def test_raising_the_limit_lets_exactly_that_many_more_in(client, auth, unique, unique_code, db):
    """A raised max_groups lets new groups in up to it, and not one more."""
    course = new_course(client, auth, unique_code, max_groups=2)
    fill(client, auth, unique, course, 2)
    error_of(post_group(client, auth("alice"), course, unique("Waiting")), 409)
    raised = patch(client, auth("carol"), course, {"max_groups": 4})
    assert raised.status_code == 200, f"expected 200, got {raised.status_code}"
    fill(client, auth, unique, course, 2)
    body = error_of(post_group(client, auth("bob"), course, unique("Fifth")), 409)
    assert names_number(body["detail"], course, 4), "the detail names the new limit"
    lowered = patch(client, auth("carol"), course, {"max_groups": 4, "title": "Full"})
    assert lowered.status_code == 200, f"expected 200, got {lowered.status_code}"
    assert group_count(db, course) == 4


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "behavior 2", "error 422", "input max_groups"
)
def test_a_null_or_broken_limit_is_422_and_the_limit_stays(client, auth, unique, unique_code, db):
    """PATCH /api/courses/{id} with max_groups null or outside 1-100 answers 422."""
    course = new_course(client, auth, unique_code, max_groups=1)
    fill(client, auth, unique, course, 1)
    error_of(patch(client, auth("carol"), course, {"max_groups": None, "title": "Nulled"}), 422)
    for limit in OUT_OF_RANGE:
        response = patch(client, auth("carol"), course, {"max_groups": limit, "title": "Broken"})
        fields = {item["field"] for item in error_of(response, 422)["errors"]}
        assert "max_groups" in fields, "the 422 names max_groups"
    assert course_row(db, course)[0]["max_groups"] == 1
    assert client.get(f"/api/courses/{course['id']}").json() == course
    error_of(post_group(client, auth("bob"), course, unique("Still full")), 409)


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "behavior 1",
    "behavior 3",
    "input Authorization",
    "error 401",
    "error 403",
    "error 404",
)
def test_token_role_and_course_come_before_the_limit(
    client, auth, unique, unique_code, missing_id, db
):
    """PATCH /api/courses/{id} answers 401, then 403 for a student, then 404, before any 409."""
    course = new_course(client, auth, unique_code, max_groups=3)
    fill(client, auth, unique, course, 3)
    unknown = {"id": missing_id()}
    for headers in ({}, forged(auth)):
        for target in (course, unknown):
            for body in ({"max_groups": 1}, {"max_groups": 0}):
                response = patch(client, headers, target, body)
                assert error_of(response, 401)["code"] == "not_authenticated"
    for student in STUDENTS:
        for target in (course, unknown):
            for body in ({"max_groups": 1}, {"max_groups": 0}, {"max_groups": 50}):
                response = patch(client, auth(student), target, body)
                assert error_of(response, 403)["code"] == "forbidden"
    assert course_row(db, course)[0]["max_groups"] == 3
    for user in STAFF:
        error_of(patch(client, auth(user), unknown, {"max_groups": 5}), 404)
        error_of(patch(client, auth(user), unknown, {"max_groups": 0}), 422)
        error_of(patch(client, auth(user), course, {"max_groups": 2}), 409)
    assert course_row(db, course)[0]["max_groups"] == 3
