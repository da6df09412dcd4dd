"""HW10, model answer: who may touch a note or a course, and what a refused request answers
and leaves behind.

Ownership is tested with every kind of caller: the owner, a member who is not the owner, an
outsider, and staff, whose role changes nothing about notes. An error path is checked in
three parts: the status, the `code` of the error body, and, through `db`, that the refused
request stored or changed nothing. Every test makes its own groups, notes and courses with
the sample users, so the tests run in any order, also against a live server.
"""

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from helpers import error_of

# The largest id a PostgreSQL INTEGER column holds: one more can name no row.
MAX_ID = 2_147_483_647

Group = dict[str, Any]
Note = dict[str, Any]


def course_id_of(client: httpx.Client, code: str) -> int:
    return next(c["id"] for c in client.get("/api/courses").json() if c["code"] == code)


@pytest.fixture
def new_group(client, auth, unique) -> Callable[..., Group]:
    """`new_group("alice", "bob")`: a group of CS-341 created by alice, which bob joins."""

    def create(creator: str, *members: str) -> Group:
        body = {"name": unique("Notes group"), "course_id": course_id_of(client, "CS-341")}
        response = client.post("/api/groups", json=body, headers=auth(creator))
        assert response.status_code == 201, response.text
        group = response.json()
        for member in members:
            joined = client.post(f"/api/groups/{group['id']}/members", headers=auth(member))
            assert joined.status_code == 201, joined.text
        return group

    return create


@pytest.fixture
def write_note(client, auth, unique) -> Callable[[Group, str], Note]:
    def write(group: Group, writer: str) -> Note:
        body = {"title": unique("Note"), "body": "Bring the failing test."}
        response = client.post(f"/api/groups/{group['id']}/notes", json=body, headers=auth(writer))
        assert response.status_code == 201, response.text
        return response.json()

    return write


def stored_note(db, note: Note) -> list[dict[str, Any]]:
    return db("SELECT title, body, owner_id, group_id FROM notes WHERE id = :id", id=note["id"])


# Notes: members read and write, the owner alone changes, an outsider sees nothing.


@pytest.mark.parametrize("staff", ["carol", "erin"])
def test_staff_outside_a_group_get_403_for_its_notes(
    client, auth, unique, new_group, write_note, db, staff
):
    group = new_group("alice")
    note = write_note(group, "alice")
    url = f"/api/groups/{group['id']}/notes"
    refused = error_of(client.get(url, headers=auth(staff)), 403)
    assert refused["code"] == "forbidden"
    assert note["title"] not in str(refused)
    title = unique("Staff note")
    error_of(client.post(url, json={"title": title}, headers=auth(staff)), 403)
    assert db("SELECT id FROM notes WHERE title = :title", title=title) == []


@pytest.mark.parametrize("staff", ["carol", "erin"])
def test_staff_outside_a_group_get_404_for_its_notes_and_change_nothing(
    client, auth, new_group, write_note, db, staff
):
    note = write_note(new_group("alice"), "alice")
    before = stored_note(db, note)
    url = f"/api/notes/{note['id']}"
    changed = client.patch(url, json={"title": "Edited by staff"}, headers=auth(staff))
    assert error_of(changed, 404)["code"] == "not_found"
    assert error_of(client.delete(url, headers=auth(staff)), 404)["code"] == "not_found"
    assert stored_note(db, note) == before


def test_an_outsider_cannot_tell_a_hidden_note_from_a_missing_one(
    client, auth, new_group, write_note, missing_id
):
    note = write_note(new_group("alice"), "alice")
    unknown = missing_id()
    for method, body in (("PATCH", {"title": "Mine now"}), ("DELETE", None)):
        hidden = client.request(method, f"/api/notes/{note['id']}", json=body, headers=auth("dave"))
        missing = client.request(method, f"/api/notes/{unknown}", json=body, headers=auth("dave"))
        hidden_body, missing_body = error_of(hidden, 404), error_of(missing, 404)
        assert hidden_body["code"] == missing_body["code"] == "not_found"
        # Each detail names its own id; with the ids taken out, they must read the same.
        worded = hidden_body["detail"].replace(str(note["id"]), "<id>")
        assert worded == missing_body["detail"].replace(str(unknown), "<id>")


def test_the_owner_may_still_delete_a_note_after_leaving_the_group(
    client, auth, new_group, write_note, db
):
    group = new_group("alice", "bob")
    note = write_note(group, "bob")
    left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert left.status_code == 204
    assert client.delete(f"/api/notes/{note['id']}", headers=auth("bob")).status_code == 204
    assert stored_note(db, note) == []


# Courses: staff write them, a student is refused before anything else is looked at.


def test_a_student_gets_403_before_the_body_or_the_course_is_read(
    client, auth, unique_code, missing_id, db
):
    code = unique_code()
    for body in ({}, {"code": "not a code"}, {"code": code, "title": "Mine"}):
        created = client.post("/api/courses", json=body, headers=auth("alice"))
        assert error_of(created, 403)["code"] == "forbidden", body
    assert db("SELECT id FROM courses WHERE code = :code", code=code) == []
    unknown = f"/api/courses/{missing_id()}"
    error_of(client.patch(unknown, json={"title": "Mine"}, headers=auth("bob")), 403)
    error_of(client.delete(unknown, headers=auth("dave")), 403)


def test_an_admin_creates_and_an_instructor_changes_and_deletes_a_course(client, auth, unique_code):
    created = client.post(
        "/api/courses", json={"code": unique_code(), "title": "Staff work"}, headers=auth("erin")
    )
    assert created.status_code == 201, created.text
    url = f"/api/courses/{created.json()['id']}"
    changed = client.patch(url, json={"credits": 2}, headers=auth("carol"))
    assert (changed.status_code, changed.json()["credits"]) == (200, 2)
    assert client.delete(url, headers=auth("carol")).status_code == 204
    error_of(client.get(url), 404)


# Error paths: the status, the error body's code, and nothing stored.


def test_a_method_a_path_does_not_offer_answers_405_in_the_error_format(client, auth):
    for method, path in (("PUT", "/api/courses"), ("DELETE", "/api/groups")):
        refused = client.request(method, path, headers=auth("carol"))
        assert error_of(refused, 405)["code"] == "method_not_allowed", (method, path)


def test_an_empty_login_or_password_is_a_422_not_a_failed_login(client):
    for credentials, field in (
        ({"username": "alice", "password": ""}, "password"),
        ({"username": "", "password": "alice-password"}, "username"),
    ):
        refused = error_of(client.post("/api/auth/login", json=credentials), 422)
        assert refused["code"] == "validation_error"
        assert [error["field"] for error in refused["errors"]] == [field]


def test_a_note_body_over_10000_characters_is_refused_and_the_note_kept(
    client, auth, new_group, write_note, db
):
    note = write_note(new_group("alice"), "alice")
    before = stored_note(db, note)
    url = f"/api/notes/{note['id']}"
    too_long = client.patch(url, json={"body": "b" * 10_001}, headers=auth("alice"))
    assert [error["field"] for error in error_of(too_long, 422)["errors"]] == ["body"]
    assert stored_note(db, note) == before
    longest = client.patch(url, json={"body": "b" * 10_000}, headers=auth("alice"))
    assert longest.status_code == 200
    assert len(longest.json()["body"]) == 10_000


def test_every_broken_rule_of_a_new_group_is_named_and_nothing_is_created(client, auth, unique, db):
    name = unique("Bad group")
    body = {"name": name, "course_id": 0, "max_members": 13, "owner_id": 1}
    refused = error_of(client.post("/api/groups", json=body, headers=auth("alice")), 422)
    assert refused["code"] == "validation_error"
    fields = {(error["location"], error["field"]) for error in refused["errors"]}
    assert fields == {("body", "course_id"), ("body", "max_members"), ("body", "owner_id")}
    assert db("SELECT id FROM study_groups WHERE name = :name", name=name) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/courses/{MAX_ID + 1}"),
        ("GET", f"/api/groups/{MAX_ID + 1}"),
        ("PATCH", f"/api/notes/{MAX_ID + 1}"),
        ("DELETE", f"/api/notes/{MAX_ID + 1}"),
    ],
)
def test_an_id_too_large_for_the_database_is_a_422_not_a_404_or_500(client, auth, method, path):
    body = {"title": "Far away"} if method == "PATCH" else None
    refused = client.request(method, path, json=body, headers=auth("alice"))
    assert error_of(refused, 422)["errors"][0]["location"] == "path"


def test_a_taken_group_name_is_a_409_that_creates_nothing(client, auth, unique, db):
    body = {"name": unique("Twice"), "course_id": course_id_of(client, "DB-210")}
    assert client.post("/api/groups", json=body, headers=auth("alice")).status_code == 201
    again = client.post("/api/groups", json=body, headers=auth("bob"))
    assert error_of(again, 409)["code"] == "conflict"
    rows = db("SELECT id FROM study_groups WHERE name = :name", name=body["name"])
    assert len(rows) == 1


def test_another_accounts_address_is_a_409_that_changes_no_field(client, auth, db):
    change = {"email": "Bob@Example.EDU", "full_name": "Not Dave"}
    refused = client.patch("/api/users/me", json=change, headers=auth("dave"))
    assert error_of(refused, 409)["code"] == "conflict"
    rows = db("SELECT email, full_name FROM users WHERE username = 'dave'")
    assert rows == [{"email": "dave@example.edu", "full_name": ""}]
