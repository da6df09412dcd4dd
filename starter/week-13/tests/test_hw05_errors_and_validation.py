"""HW5 contract: errors that say what to fix, and input checked at the boundary.

- Every 422 uses the app's error format: {"detail", "code": "validation_error",
  "errors": [{"field", "location", "message"}, ...]}.
- Course codes look like "CS-341" (2-5 letters, a dash, 3 digits) and are stored upper-case;
  titles and group names are trimmed, and blank ones are rejected.
- Unknown fields in a body are rejected; ids in a URL are positive.
- A study group has `max_members` (2-12, default 6); joining a full group answers 409.
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw05")


@pytest.mark.contract(
    "Rule 1",
    "paragraph 1",
    "item detail",
    "item code",
    "item errors",
    "item field",
    "item location",
    "item message",
    "paragraph 3",
)
@pytest.mark.contract("POST /api/courses", "behavior 2", "error 422")
def test_validation_errors_use_the_app_error_format(client, auth):
    response = client.post("/api/courses", json={"title": 42}, headers=auth("carol"))
    body = error_of(response, 422)
    assert body["code"] == "validation_error"
    fields = {(error["location"], error["field"]) for error in body["errors"]}
    assert ("body", "code") in fields and ("body", "title") in fields
    assert all(error["message"] for error in body["errors"])


@pytest.mark.contract("POST /api/courses", "paragraph 1", "input code", "output 201", "error 422")
def test_course_codes_are_checked_and_stored_upper_case(client, auth):
    created = client.post(
        "/api/courses", json={"code": " ux-501 ", "title": "Interaction"}, headers=auth("carol")
    )
    assert created.status_code == 201, created.text
    assert created.json()["code"] == "UX-501"
    for bad in ("UX501", "U-501", "UXUXUX-501", "UX-5011"):
        response = client.post(
            "/api/courses", json={"code": bad, "title": "Bad"}, headers=auth("carol")
        )
        assert error_of(response, 422)["errors"][0]["field"] == "code", bad


@pytest.mark.contract("POST /api/courses", "input title", "error 422")
@pytest.mark.contract("POST /api/groups", "input name", "error 422")
def test_blank_titles_and_group_names_are_rejected(client, auth):
    blank_title = client.post(
        "/api/courses", json={"code": "BL-100", "title": "   "}, headers=auth("carol")
    )
    assert error_of(blank_title, 422)["errors"][0]["field"] == "title"
    short_name = client.post(
        "/api/groups", json={"name": "  ab  ", "course_id": 1}, headers=auth("alice")
    )
    assert error_of(short_name, 422)["errors"][0]["field"] == "name"


@pytest.mark.contract("Rule 3", "paragraph 1")
@pytest.mark.contract("POST /api/courses", "input line 5", "error 422")
def test_unknown_fields_are_rejected(client, auth, unique_code):
    response = client.post(
        "/api/courses",
        json={"code": unique_code(), "title": "Extra", "id": 1, "is_admin": True},
        headers=auth("carol"),
    )
    fields = {error["field"] for error in error_of(response, 422)["errors"]}
    assert {"id", "is_admin"} <= fields


@pytest.mark.parametrize("path", ["/api/courses/0", "/api/courses/-3", "/api/groups/0"])
@pytest.mark.contract("Rule 1", "paragraph 1", "item location")
@pytest.mark.contract("Rule 2", "paragraph 1")
def test_ids_in_urls_must_be_positive(client, path):
    assert error_of(client.get(path), 422)["errors"][0]["location"] == "path"


@pytest.mark.contract("POST /api/groups", "paragraph 1", "input max_members", "output max_members")
@pytest.mark.contract(
    "POST /api/groups/{group_id}/members",
    "paragraph 1",
    "behavior 5",
    "behavior 6",
    "error 409 (2)",
)
def test_a_full_group_refuses_new_members_with_409(client, auth, unique):
    payload = {"name": unique("Pair"), "course_id": 1, "max_members": 2}
    group = client.post("/api/groups", json=payload, headers=auth("alice")).json()
    assert group["max_members"] == 2
    assert client.post(f"/api/groups/{group['id']}/members", headers=auth("bob")).status_code == 201
    full = error_of(client.post(f"/api/groups/{group['id']}/members", headers=auth("dave")), 409)
    assert "full" in full["detail"].lower()


@pytest.mark.parametrize("size", [1, 13])
@pytest.mark.contract("POST /api/groups", "input max_members", "behavior 2", "error 422")
def test_max_members_must_be_between_2_and_12(client, auth, unique, size):
    payload = {"name": unique("Odd"), "course_id": 1, "max_members": size}
    response = client.post("/api/groups", json=payload, headers=auth("alice"))
    assert error_of(response, 422)["errors"][0]["field"] == "max_members"


@pytest.mark.contract("POST /api/groups", "input max_members", "output max_members")
def test_groups_default_to_six_members(client, auth, unique):
    payload = {"name": unique("Default"), "course_id": 1}
    assert client.post("/api/groups", json=payload, headers=auth("bob")).json()["max_members"] == 6
