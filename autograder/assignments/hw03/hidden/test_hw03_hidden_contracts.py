"""Hidden HW3 contracts: the edges of course CRUD the visible tests do not show."""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw03")


def create(client, auth, **fields):
    response = client.post("/api/courses", json=fields, headers=auth("carol"))
    assert response.status_code == 201, (
        f"expected 201, got {response.status_code}: {response.text[:200]}"
    )
    return response.json()


def test_a_created_course_is_stored_with_exactly_the_fields_sent(
    client, auth, unique, unique_code, db
):
    """POST /api/courses stores the course: the database holds what was sent."""
    code, title, notes = unique_code(), unique("Course"), unique("Notes")
    course = create(client, auth, code=code, title=title, credits=7, description=notes)
    stored = db("SELECT id, title, credits, description FROM courses WHERE code = :c", c=code)
    assert stored == [{"id": course["id"], "title": title, "credits": 7, "description": notes}]
    assert isinstance(course["id"], int) and course["created_at"]


def test_the_location_header_points_at_the_new_course(client, auth, unique, unique_code):
    """POST /api/courses answers a Location that GET can follow."""
    response = client.post(
        "/api/courses",
        json={"code": unique_code(), "title": unique("Course")},
        headers=auth("carol"),
    )
    assert response.status_code == 201
    followed = client.get(response.headers["location"])
    assert followed.status_code == 200 and followed.json() == response.json()


def test_a_new_course_appears_in_the_list_in_code_order(client, auth, unique, unique_code):
    """GET /api/courses lists a created course, still ordered by code."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    codes = [c["code"] for c in client.get("/api/courses").json()]
    assert course["code"] in codes and codes == sorted(codes)


@pytest.mark.parametrize(
    "fields",
    [{"credits": 13}, {"credits": "five"}, {"description": "x" * 2001}, {"title": "t" * 201}],
    ids=["credits above 12", "credits not a number", "description too long", "title too long"],
)
def test_create_rejects_out_of_range_fields_with_422(client, auth, unique, unique_code, fields):
    """POST /api/courses answers 422 for a field outside its contract."""
    payload = {"code": unique_code(), "title": unique("Course")} | fields
    response = client.post("/api/courses", json=payload, headers=auth("carol"))
    assert response.status_code == 422, f"expected 422, got {response.status_code}"


def test_patch_with_an_empty_body_changes_nothing(client, auth, unique, unique_code):
    """PATCH /api/courses/{id} with {} answers 200 and the course unchanged."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(f"/api/courses/{course['id']}", json={}, headers=auth("carol"))
    assert response.status_code == 200 and response.json() == course


def test_patch_may_keep_the_courses_own_code(client, auth, unique, unique_code):
    """PATCH /api/courses/{id} with the course's own code is not a conflict."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": course["code"], "title": (renamed := unique("Course"))},
        headers=auth("carol"),
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json()["title"] == renamed


@pytest.mark.parametrize(
    "fields", [{"credits": 0}, {"title": None}], ids=["credits 0", "title null"]
)
def test_patch_rejects_invalid_fields_with_422(client, auth, unique, unique_code, fields):
    """PATCH /api/courses/{id} answers 422 for an invalid or null field, and keeps the course."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(f"/api/courses/{course['id']}", json=fields, headers=auth("carol"))
    assert response.status_code == 422, f"expected 422, got {response.status_code}"
    assert client.get(f"/api/courses/{course['id']}").json() == course


def test_deleting_twice_answers_404_the_second_time(client, auth, unique, unique_code):
    """DELETE /api/courses/{id} of a course already deleted answers 404."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.delete(f"/api/courses/{course['id']}", headers=auth("carol")).status_code == 204
    error_of(client.delete(f"/api/courses/{course['id']}", headers=auth("carol")), 404)


def test_a_deleted_courses_code_can_be_used_again(client, auth, unique, unique_code, db):
    """After DELETE the code is free: POST with it answers 201, and the row is gone."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.delete(f"/api/courses/{course['id']}", headers=auth("carol")).status_code == 204
    assert db("SELECT id FROM courses WHERE id = :i", i=course["id"]) == []
    again = client.post(
        "/api/courses",
        json={"code": course["code"], "title": unique("Course")},
        headers=auth("carol"),
    )
    assert again.status_code == 201, f"expected 201, got {again.status_code}"


def test_writes_with_a_forged_token_answer_401(client, auth, unique, unique_code):
    """POST, PATCH and DELETE with a token the app did not sign answer 401."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    forged = {"Authorization": "Bearer " + auth("carol")["Authorization"][7:-4] + "AAAA"}
    error_of(
        client.post(
            "/api/courses", json={"code": unique_code(), "title": unique("Course")}, headers=forged
        ),
        401,
    )
    error_of(
        client.patch(
            f"/api/courses/{course['id']}", json={"title": unique("Course")}, headers=forged
        ),
        401,
    )
    error_of(client.delete(f"/api/courses/{course['id']}", headers=forged), 401)


@pytest.mark.visibility("after_due_date")
def test_errors_carry_a_machine_readable_code(client, auth, unique, unique_code, missing_id):
    """404 answers code "not_found" and 409 answers code "conflict"."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.get(f"/api/courses/{course['id']}").status_code == 200
    assert error_of(client.get(f"/api/courses/{missing_id()}"), 404)["code"] == "not_found"
    duplicate = client.post(
        "/api/courses",
        json={"code": course["code"], "title": unique("Course")},
        headers=auth("carol"),
    )
    assert error_of(duplicate, 409)["code"] == "conflict"
