"""HW9 contract: a course takes at most `max_groups` study groups.

POST /api/courses, PATCH /api/courses/{id}   max_groups 1-100 (422 outside, null refused on
                                             PATCH); a limit below the groups the course
                                             has now is a 409 and changes nothing
POST /api/groups                             a course at its limit answers 409, names the
                                             limit and creates nothing; no limit, no end;
                                             requests at the same moment never pass it

Each test makes a course of its own (by carol, an instructor) and fills it with groups made
by the verified sample students, so the tests run in any order and on a live server.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw09")

STUDENTS = ("alice", "bob", "dave")


@pytest.fixture
def new_course(client, auth, unique_code):
    """A course of its own with the limit given (None: the field is left out)."""

    def create(max_groups: int | None = 2) -> dict:
        payload = {"code": unique_code(), "title": "Capacity check"}
        if max_groups is not None:
            payload["max_groups"] = max_groups
        response = client.post("/api/courses", json=payload, headers=auth("carol"))
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.fixture
def add_group(client, auth, unique):
    """POST /api/groups in the course, by one of the students; the response, whatever it is."""

    def create(course: dict, student: str = "alice", name: str | None = None):
        payload = {"name": name or unique("Capacity group"), "course_id": course["id"]}
        return client.post("/api/groups", json=payload, headers=auth(student))

    return create


def groups_of(db, course: dict) -> int:
    rows = db("SELECT count(*) AS n FROM study_groups WHERE course_id = :id", id=course["id"])
    return rows[0]["n"]


def names_the_number(detail: str, course: dict, number: int) -> bool:
    """The number stands in the detail as a number of its own (not inside the course code)."""
    return re.search(rf"(?<!\d){number}(?!\d)", detail.replace(course["code"], "")) is not None


@pytest.mark.contract("POST /api/groups", "paragraph 1", "behavior 2", "error 409")
def test_a_course_at_its_limit_refuses_a_group_and_stores_none(
    client, add_group, new_course, unique, db
):
    course = new_course(max_groups=2)
    for student in ("alice", "bob"):
        assert add_group(course, student).status_code == 201
    name = unique("One too many")
    refused = error_of(add_group(course, "dave", name=name), 409)
    assert refused["code"] == "conflict"
    assert course["code"] in refused["detail"] and names_the_number(refused["detail"], course, 2)
    assert groups_of(db, course) == 2
    assert db("SELECT id FROM study_groups WHERE name = :name", name=name) == []


@pytest.mark.contract("POST /api/groups", "behavior 3", "behavior 4", "behavior 5", "output 201")
@pytest.mark.contract("POST /api/courses", "input max_groups", "behavior 1", "output max_groups")
def test_only_the_courses_own_groups_count_and_no_limit_means_none(add_group, new_course, db):
    limited, open_course = new_course(max_groups=2), new_course(max_groups=None)
    assert open_course["max_groups"] is None and limited["max_groups"] == 2
    assert add_group(limited, "alice").status_code == 201
    for student in (*STUDENTS, *STUDENTS):
        created = add_group(open_course, student)
        assert created.status_code == 201
        assert created.json()["member_count"] == 1
    assert add_group(limited, "bob").status_code == 201
    error_of(add_group(limited, "dave"), 409)
    assert (groups_of(db, open_course), groups_of(db, limited)) == (6, 2)


@pytest.mark.contract(
    "POST /api/courses", "input max_groups", "behavior 1", "behavior 2", "output 201", "error 422"
)
@pytest.mark.contract("GET /api/courses/{course_id}", "output 200", "output max_groups")
def test_max_groups_is_taken_from_1_to_100_and_shown(client, auth, add_group, unique_code, db):
    courses = {}
    for limit in (1, 100):
        created = client.post(
            "/api/courses",
            json={"code": unique_code(), "title": "Limits", "max_groups": limit},
            headers=auth("carol"),
        )
        assert created.status_code == 201
        assert created.json()["max_groups"] == limit
        shown = client.get(f"/api/courses/{created.json()['id']}")
        assert shown.status_code == 200
        assert shown.json()["max_groups"] == limit
        courses[limit] = shown.json()
    for limit in (0, 101, -3):
        code = unique_code()
        refused = client.post(
            "/api/courses",
            json={"code": code, "title": "Limits", "max_groups": limit},
            headers=auth("carol"),
        )
        error_of(refused, 422)
        assert db("SELECT id FROM courses WHERE code = :code", code=code) == []
    assert add_group(courses[1], "alice").status_code == 201
    error_of(add_group(courses[1], "bob"), 409)  # a limit of 1 is a limit


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "paragraph 1", "behavior 4", "behavior 5", "error 409"
)
def test_a_limit_below_the_groups_is_refused_and_changes_nothing(
    client, auth, add_group, new_course
):
    course = new_course(max_groups=3)
    for student in ("alice", "bob"):
        assert add_group(course, student).status_code == 201
    url = f"/api/courses/{course['id']}"
    refused = client.patch(url, json={"max_groups": 1, "title": "Shrunk"}, headers=auth("carol"))
    body = error_of(refused, 409)
    assert body["code"] == "conflict" and names_the_number(body["detail"], course, 2)
    assert client.get(url).json() == course
    equal = client.patch(url, json={"max_groups": 2}, headers=auth("carol"))
    assert equal.status_code == 200
    assert equal.json()["max_groups"] == 2
    error_of(add_group(course, "dave"), 409)


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input max_groups", "behavior 5", "output 200"
)
@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 5")
def test_raising_the_limit_lets_one_more_group_in(client, auth, add_group, new_course, db):
    course = new_course(max_groups=1)
    assert add_group(course, "alice").status_code == 201
    error_of(add_group(course, "bob"), 409)
    raised = client.patch(
        f"/api/courses/{course['id']}", json={"max_groups": 2}, headers=auth("erin")
    )
    assert raised.status_code == 200
    assert raised.json()["max_groups"] == 2
    assert add_group(course, "bob").status_code == 201
    error_of(add_group(course, "dave"), 409)
    assert groups_of(db, course) == 2


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input max_groups", "behavior 2", "error 422"
)
def test_patch_refuses_a_null_or_out_of_range_limit_and_keeps_it(
    client, auth, add_group, new_course
):
    course = new_course(max_groups=1)
    assert add_group(course, "alice").status_code == 201
    url = f"/api/courses/{course['id']}"
    for limit in (None, 0, 101):
        error_of(client.patch(url, json={"max_groups": limit}, headers=auth("carol")), 422)
    assert client.get(url).json()["max_groups"] == 1
    error_of(add_group(course, "bob"), 409)  # the limit still holds


def statuses_at_once(client, requests: list[tuple[dict, dict[str, str]]]) -> list[int]:
    """POST /api/groups for each (body, headers), released together by a barrier from as many
    threads; the statuses, sorted."""
    barrier = threading.Barrier(len(requests))

    def create(request: tuple[dict, dict[str, str]]) -> int:
        payload, headers = request
        barrier.wait()
        return client.post("/api/groups", json=payload, headers=headers).status_code

    with ThreadPoolExecutor(len(requests)) as pool:
        return sorted(pool.map(create, requests))


@pytest.mark.contract("POST /api/groups", "behavior 6")
def test_groups_created_at_the_same_moment_never_pass_the_limit(
    client, auth, unique, new_course, db
):
    """Ten requests at once, in three rounds: the limit holds whatever their order, and one
    lucky order is not enough to pass."""
    for _ in range(3):
        course = new_course(max_groups=2)
        requests = [
            ({"name": unique("Race group"), "course_id": course["id"]}, auth(STUDENTS[i % 3]))
            for i in range(10)
        ]
        assert statuses_at_once(client, requests) == [201, 201] + [409] * 8
        assert groups_of(db, course) == 2
