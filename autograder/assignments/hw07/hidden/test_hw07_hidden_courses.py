"""Hidden HW7 contracts: course writes for instructors and admins only; reading stays public."""

import pytest
from hw07_hidden_helpers import STAFF, forged, new_course, no_valid_token

from helpers import error_of

pytestmark = pytest.mark.homework("hw07")

STUDENTS = ("alice", "bob", "dave")


def registered_student(client, unique):
    """Headers with a token of a new account: every registered account is a student."""
    username = unique("Student").replace(" ", "_").lower()
    password = f"{username}-long-password"
    account = {"username": username, "email": f"{username}@example.edu", "password": password}
    created = client.post("/api/auth/register", json=account)
    assert created.status_code == 201, f"registering: expected 201, got {created.status_code}"
    login = client.post("/api/auth/login", json={"username": username, "password": password})
    assert login.status_code == 200, f"logging in: expected 200, got {login.status_code}"
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.mark.contract("POST /api/courses", "paragraph 1", "behavior 2", "error 403")
def test_no_student_creates_a_course_and_none_is_stored(client, auth, unique, unique_code, db):
    """POST /api/courses by a student (a new account too) answers 403 and stores nothing."""
    code = unique_code()
    payload = {"code": code, "title": f"Course {code}"}
    for headers in [auth(user) for user in STUDENTS] + [registered_student(client, unique)]:
        response = client.post("/api/courses", json=payload, headers=headers)
        assert error_of(response, 403)["code"] == "forbidden"
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    assert code not in [course["code"] for course in client.get("/api/courses").json()]


@pytest.mark.contract("POST /api/courses", "behavior 2")
@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 2")
def test_a_student_gets_403_before_the_body_is_checked(client, auth, unique_code):
    """A student's course write answers 403 even when its body breaks the input rules."""
    course = new_course(client, auth, unique_code)
    for response in (
        client.post("/api/courses", json={"title": 42}, headers=auth("alice")),
        client.post("/api/courses", json={"code": "nope", "credits": 99}, headers=auth("bob")),
        client.patch(f"/api/courses/{course['id']}", json={"credits": 99}, headers=auth("dave")),
    ):
        error_of(response, 403)


@pytest.mark.contract("POST /api/courses", "paragraph 1", "input Authorization", "behavior 3")
def test_instructors_and_admins_create_courses(client, auth, unique_code, db):
    """POST /api/courses by an instructor or an admin answers 201 as in HW5; a student's, 403."""
    for user in STAFF:
        code = unique_code()
        response = client.post(
            "/api/courses", json={"code": f" {code.lower()} ", "title": "Staff"}, headers=auth(user)
        )
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        course = response.json()
        assert course["code"] == code
        assert response.headers.get("location") == f"/api/courses/{course['id']}"
        assert db("SELECT code FROM courses WHERE id = :i", i=course["id"]) == [{"code": code}]
    code = unique_code()
    error_of(
        client.post("/api/courses", json={"code": code, "title": "S"}, headers=auth("dave")), 403
    )


@pytest.mark.contract("POST /api/courses", "input Authorization", "behavior 1", "error 401")
@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input Authorization", "behavior 1", "error 401"
)
@pytest.mark.contract(
    "DELETE /api/courses/{course_id}", "input Authorization", "behavior 1", "error 401"
)
def test_course_writes_check_the_token_before_the_role(client, auth, unique_code, missing_id, db):
    """Course writes without a valid token answer 401, whatever the course; a student's, 403."""
    course = new_course(client, auth, unique_code)
    code = unique_code()
    for headers in (*no_valid_token(auth), forged(auth, "carol")):
        answers = [client.post("/api/courses", json={"code": code, "title": "T"}, headers=headers)]
        for course_id in (course["id"], missing_id()):
            url = f"/api/courses/{course_id}"
            answers.append(client.patch(url, json={"title": "T"}, headers=headers))
            answers.append(client.delete(url, headers=headers))
        for response in answers:
            assert error_of(response, 401)["code"] == "not_authenticated"
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    assert client.get(f"/api/courses/{course['id']}").json() == course
    error_of(client.delete(f"/api/courses/{course['id']}", headers=auth("bob")), 403)


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "paragraph 1",
    "input Authorization",
    "behavior 2",
    "behavior 3",
    "error 403",
)
def test_a_course_keeps_every_value_after_a_students_patch(client, auth, unique_code, db):
    """PATCH /api/courses/{id} by a student answers 403 and changes nothing; staff may change."""
    course = new_course(client, auth, unique_code)
    url = f"/api/courses/{course['id']}"
    change = {"code": unique_code(), "title": "Taken over", "description": "x", "credits": 1}
    for user in STUDENTS:
        assert error_of(client.patch(url, json=change, headers=auth(user)), 403)["code"] == (
            "forbidden"
        )
    assert client.get(url).json() == course
    rows = db("SELECT code, title, credits FROM courses WHERE id = :i", i=course["id"])
    assert rows == [
        {"code": course["code"], "title": course["title"], "credits": course["credits"]}
    ]
    for user in STAFF:
        response = client.patch(url, json={"title": f"Renamed by {user}"}, headers=auth(user))
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        assert response.json()["title"] == f"Renamed by {user}"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 2", "behavior 3")
@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 2")
def test_a_student_gets_403_for_a_course_that_does_not_exist(client, auth, missing_id):
    """PATCH and DELETE /api/courses/{id} answer a student 403 for any id; staff get the 404."""
    unknown = missing_id()
    url = f"/api/courses/{unknown}"
    error_of(client.patch(url, json={"title": "Ghost"}, headers=auth("alice")), 403)
    error_of(client.delete(url, headers=auth("alice")), 403)
    error_of(client.patch(url, json={"title": "Ghost"}, headers=auth("carol")), 404)
    error_of(client.delete(url, headers=auth("erin")), 404)


@pytest.mark.contract(
    "DELETE /api/courses/{course_id}",
    "paragraph 1",
    "input Authorization",
    "behavior 2",
    "behavior 3",
    "error 403",
)
def test_a_course_stays_after_a_students_delete(client, auth, unique_code, db):
    """DELETE /api/courses/{id} by a student answers 403 and keeps the course; staff delete it."""
    courses = {user: new_course(client, auth, unique_code) for user in STAFF}
    for course in courses.values():
        for user in STUDENTS:
            response = client.delete(f"/api/courses/{course['id']}", headers=auth(user))
            assert error_of(response, 403)["code"] == "forbidden"
        assert client.get(f"/api/courses/{course['id']}").json() == course
    for user, course in courses.items():
        response = client.delete(f"/api/courses/{course['id']}", headers=auth(user))
        assert response.status_code == 204, f"expected 204, got {response.status_code}"
        assert db("SELECT id FROM courses WHERE id = :i", i=course["id"]) == []


@pytest.mark.contract("POST /api/courses", "paragraph 2")
def test_reading_courses_stays_public_while_writing_is_for_staff(client, auth, unique_code):
    """GET /api/courses and /api/courses/{id} need no token or role; students still cannot write."""
    course = new_course(client, auth, unique_code, by="erin")
    for headers in ({}, auth("dave")):
        listed = client.get("/api/courses", headers=headers)
        assert listed.status_code == 200, f"expected 200, got {listed.status_code}"
        assert course in listed.json()
        one = client.get(f"/api/courses/{course['id']}", headers=headers)
        assert one.status_code == 200, f"expected 200, got {one.status_code}"
        assert one.json() == course
    error_of(client.patch(f"/api/courses/{course['id']}", json={}, headers=auth("dave")), 403)
