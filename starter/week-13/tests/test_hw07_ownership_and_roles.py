"""HW7 contract: who may do what. 401 without a valid token, then:

GET/POST /api/groups/{id}/notes     members of the group only; anyone else 403 (404 unknown group)
PATCH/DELETE /api/notes/{id}        the owner only (even after leaving the group); a member of
                                    the note's group who is not its owner 403; anyone else 404,
                                    exactly as for a note that does not exist
POST /api/courses, PATCH/DELETE /api/courses/{id}
                                    instructors and admins only; a student 403, nothing changes
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw07")


@pytest.fixture
def new_group(client, auth, unique):
    """A group of its own for each test: its creator is its first member."""

    def create(owner: str = "alice", *members: str) -> dict:
        payload = {"name": unique("Notes group"), "course_id": 1}
        response = client.post("/api/groups", json=payload, headers=auth(owner))
        assert response.status_code == 201, response.text
        group = response.json()
        for member in members:
            joined = client.post(f"/api/groups/{group['id']}/members", headers=auth(member))
            assert joined.status_code == 201, joined.text
        return group

    return create


@pytest.fixture
def write_note(client, auth, unique):
    def write(group: dict, writer: str = "alice") -> dict:
        payload = {"title": unique("Note"), "body": "Bring the failing test."}
        response = client.post(
            f"/api/groups/{group['id']}/notes", json=payload, headers=auth(writer)
        )
        assert response.status_code == 201, response.text
        return response.json()

    return write


def stored(db, note: dict) -> list[dict]:
    return db("SELECT title, body, owner_id, group_id FROM notes WHERE id = :id", id=note["id"])


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes",
    "paragraph 1",
    "input group_id",
    "behavior 3",
    "behavior 4",
    "output 200",
    "output id",
    "output group_id",
    "output title",
    "output owner",
    "output created_at",
    "error 403",
)
def test_members_read_a_groups_notes_and_others_get_403(client, auth, new_group, write_note):
    group = new_group("alice")
    first, second = write_note(group), write_note(group)
    listed = client.get(f"/api/groups/{group['id']}/notes", headers=auth("alice"))
    assert listed.status_code == 200
    assert [note["id"] for note in listed.json()] == [first["id"], second["id"]]
    note = listed.json()[0]
    # (From week 12 a note has more fields; HW11's tests check them.)
    assert set(note) >= {"id", "group_id", "title", "body", "owner", "created_at", "updated_at"}
    assert note["group_id"] == group["id"] and note["owner"]["username"] == "alice"
    refused = error_of(client.get(f"/api/groups/{group['id']}/notes", headers=auth("dave")), 403)
    assert refused["code"] == "forbidden"
    assert first["title"] not in str(refused)


@pytest.mark.contract("GET /api/groups/{group_id}/notes", "behavior 3", "error 403")
def test_a_member_who_left_can_no_longer_read_the_notes(client, auth, new_group):
    group = new_group("alice", "bob")
    url = f"/api/groups/{group['id']}/notes"
    assert client.get(url, headers=auth("bob")).status_code == 200
    left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert left.status_code == 204
    error_of(client.get(url, headers=auth("bob")), 403)


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes", "input Authorization", "behavior 1", "error 401"
)
def test_no_token_is_401_before_membership_is_checked(client, auth, new_group):
    group = new_group("alice")
    url = f"/api/groups/{group['id']}/notes"
    assert error_of(client.get(url), 401)["code"] == "not_authenticated"
    error_of(client.get(url, headers=auth("dave")), 403)


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "paragraph 1", "behavior 3", "error 403")
def test_only_members_write_notes_and_nothing_is_stored(client, auth, unique, new_group, db):
    group = new_group("alice")
    title = unique("Intruder")
    response = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": title}, headers=auth("dave")
    )
    assert error_of(response, 403)["code"] == "forbidden"
    assert db("SELECT id FROM notes WHERE title = :title", title=title) == []


@pytest.mark.contract("PATCH /api/notes/{note_id}", "paragraph 1", "behavior 4", "error 403")
@pytest.mark.contract("DELETE /api/notes/{note_id}", "paragraph 1", "behavior 4", "error 403")
def test_a_member_who_is_not_the_owner_gets_403(client, auth, new_group, write_note, db):
    group = new_group("alice", "bob")
    note = write_note(group, "alice")
    before = stored(db, note)
    changed = client.patch(f"/api/notes/{note['id']}", json={"title": "Mine"}, headers=auth("bob"))
    assert error_of(changed, 403)["code"] == "forbidden"
    error_of(client.delete(f"/api/notes/{note['id']}", headers=auth("bob")), 403)
    assert stored(db, note) == before


@pytest.mark.contract("PATCH /api/notes/{note_id}", "input note_id", "behavior 5", "error 404")
@pytest.mark.contract("DELETE /api/notes/{note_id}", "input note_id", "behavior 5", "error 404")
def test_an_outsider_gets_404_as_if_the_note_did_not_exist(client, auth, new_group, write_note, db):
    note = write_note(new_group("alice"), "alice")
    before = stored(db, note)
    changed = client.patch(f"/api/notes/{note['id']}", json={"title": "Mine"}, headers=auth("dave"))
    assert error_of(changed, 404)["code"] == "not_found"
    error_of(client.delete(f"/api/notes/{note['id']}", headers=auth("dave")), 404)
    assert stored(db, note) == before


@pytest.mark.contract("PATCH /api/notes/{note_id}", "behavior 3", "output 200")
@pytest.mark.contract("GET /api/groups/{group_id}/notes", "behavior 3")
def test_the_owner_may_change_a_note_after_leaving_the_group(client, auth, new_group, write_note):
    group = new_group("alice", "bob")
    note = write_note(group, "bob")
    left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert left.status_code == 204
    changed = client.patch(
        f"/api/notes/{note['id']}", json={"title": "Still mine"}, headers=auth("bob")
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Still mine"
    error_of(client.get(f"/api/groups/{group['id']}/notes", headers=auth("bob")), 403)


@pytest.mark.contract("POST /api/courses", "paragraph 1", "behavior 2", "error 403")
@pytest.mark.contract("PATCH /api/courses/{course_id}", "paragraph 1", "behavior 2", "error 403")
@pytest.mark.contract("DELETE /api/courses/{course_id}", "paragraph 1", "behavior 2", "error 403")
def test_students_cannot_write_courses_and_nothing_changes(client, auth, unique_code, db):
    code = unique_code()
    created = client.post(
        "/api/courses", json={"code": code, "title": "Not mine"}, headers=auth("alice")
    )
    assert error_of(created, 403)["code"] == "forbidden"
    assert db("SELECT id FROM courses WHERE code = :code", code=code) == []
    course = client.post(
        "/api/courses", json={"code": unique_code(), "title": "Kept"}, headers=auth("carol")
    ).json()
    url = f"/api/courses/{course['id']}"
    error_of(client.patch(url, json={"title": "Mine"}, headers=auth("bob")), 403)
    error_of(client.delete(url, headers=auth("dave")), 403)
    assert client.get(url).json() == course


@pytest.mark.contract("POST /api/courses", "input Authorization", "behavior 3")
@pytest.mark.contract("PATCH /api/courses/{course_id}", "input Authorization", "behavior 3")
@pytest.mark.contract("DELETE /api/courses/{course_id}", "input Authorization", "behavior 3")
def test_instructors_and_admins_write_courses_where_students_may_not(client, auth, unique_code):
    code = unique_code()
    created = client.post(
        "/api/courses", json={"code": code, "title": "Staff only"}, headers=auth("carol")
    )
    assert created.status_code == 201
    url = f"/api/courses/{created.json()['id']}"
    error_of(client.patch(url, json={"credits": 3}, headers=auth("alice")), 403)
    changed = client.patch(url, json={"credits": 3}, headers=auth("erin"))
    assert changed.status_code == 200
    assert changed.json()["credits"] == 3
    error_of(client.delete(url, headers=auth("alice")), 403)
    assert client.delete(url, headers=auth("erin")).status_code == 204
