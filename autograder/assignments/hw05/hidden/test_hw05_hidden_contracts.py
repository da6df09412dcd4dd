"""Hidden HW5 contracts: validation everywhere, and rules that hold in the database."""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw05")


def fields_of(response, status=422):
    body = error_of(response, status)
    assert body.get("code") == "validation_error", (
        f"expected code validation_error, got {body.get('code')}"
    )
    assert isinstance(body.get("errors"), list) and body["errors"], "a 422 lists its errors"
    return {(e["location"], e["field"]) for e in body["errors"]}


def test_a_non_numeric_id_answers_422_in_the_path(client):
    """GET /api/groups/abc answers 422 naming the path parameter."""
    assert ("path", "group_id") in fields_of(client.get("/api/groups/abc"))


def test_login_validation_uses_the_app_error_format(client):
    """POST /api/auth/login without a password answers 422 in the app's error format."""
    assert ("body", "password") in fields_of(
        client.post("/api/auth/login", json={"username": "alice"})
    )


def test_patch_rejects_unknown_fields(client, auth, unique_code):
    """PATCH /api/courses/{id} with a field that does not exist answers 422."""
    created = client.post(
        "/api/courses",
        json={"code": (code := unique_code()), "title": f"Course {code}"},
        headers=auth("carol"),
    )
    assert created.status_code == 201
    response = client.patch(
        f"/api/courses/{created.json()['id']}", json={"owner": "me"}, headers=auth("carol")
    )
    assert ("body", "owner") in fields_of(response)


def test_group_creation_rejects_unknown_fields(client, auth, unique):
    """POST /api/groups with a field that does not exist answers 422."""
    payload = {"name": unique("Extra"), "course_id": 1, "member_count": 0}
    assert ("body", "member_count") in fields_of(
        client.post("/api/groups", json=payload, headers=auth("bob"))
    )


def test_names_and_titles_are_stored_trimmed(client, auth, unique, unique_code, db):
    """Surrounding spaces are removed before storing a course title or a group name."""
    code, title = unique_code(), unique("Course")
    course = client.post(
        "/api/courses", json={"code": code, "title": f"  {title}  "}, headers=auth("carol")
    )
    assert course.status_code == 201 and course.json()["title"] == title
    name = unique("Trimmed")
    group = client.post(
        "/api/groups", json={"name": f"  {name}  ", "course_id": 1}, headers=auth("alice")
    )
    assert group.status_code == 201 and group.json()["name"] == name
    assert db("SELECT title FROM courses WHERE code = :c", c=code) == [{"title": title}]


def test_patch_upper_cases_and_checks_the_code(client, auth, unique_code):
    """PATCH /api/courses/{id} stores a new code upper-case and rejects a malformed one."""
    created = client.post(
        "/api/courses",
        json={"code": (code := unique_code()), "title": f"Course {code}"},
        headers=auth("carol"),
    )
    course_id = created.json()["id"]
    new_code = unique_code().lower().replace("tst", "pat")
    renamed = client.patch(
        f"/api/courses/{course_id}", json={"code": new_code}, headers=auth("carol")
    )
    assert renamed.status_code == 200, f"expected 200, got {renamed.status_code}"
    assert renamed.json()["code"] == new_code.upper()
    bad = client.patch(f"/api/courses/{course_id}", json={"code": "nope"}, headers=auth("carol"))
    assert ("body", "code") in fields_of(bad)


def test_a_full_group_keeps_its_members_in_the_database(client, auth, unique, db):
    """Joining a full group answers 409 and stores no membership."""
    group = client.post(
        "/api/groups",
        json={"name": unique("Tiny"), "course_id": 2, "max_members": 2},
        headers=auth("carol"),
    ).json()
    assert (
        client.post(f"/api/groups/{group['id']}/members", headers=auth("dave")).status_code == 201
    )
    assert (
        error_of(client.post(f"/api/groups/{group['id']}/members", headers=auth("erin")), 409)[
            "code"
        ]
        == "conflict"
    )
    rows = db("SELECT max_members FROM study_groups WHERE id = :g", g=group["id"])
    assert rows == [{"max_members": 2}]
    assert len(db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])) == 2


@pytest.mark.visibility("after_due_date")
def test_every_validation_error_item_has_a_readable_message(client, auth):
    """Each item of `errors` has a non-empty field, location and message."""
    response = client.post(
        "/api/groups", json={"name": "", "course_id": -1, "max_members": 99}, headers=auth("alice")
    )
    body = error_of(response, 422)
    assert body.get("code") == "validation_error"
    items = body.get("errors", [])
    assert {e.get("field") for e in items} >= {"name", "course_id", "max_members"}
    assert all(e.get("message") and e.get("location") == "body" for e in items)
