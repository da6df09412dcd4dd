"""Contract: the notes of study groups, as week 8 gives them (who may do what is HW7's).

GET    /api/groups/{id}/notes   200 the group's notes, oldest first  401, 404 unknown group
POST   /api/groups/{id}/notes   201 the new note, `Location: /api/notes/{id}`, its owner the writer
                                401, 404 unknown group, 422 bad input (no `owner_id`, `group_id`)
PATCH  /api/notes/{id}          200 the changed note  401, 404 unknown note, 422 bad input
DELETE /api/notes/{id}          204  401, 404 unknown note
A note: {"id", "group_id", "title", "body", "owner": {"id", "username"}, "created_at",
"updated_at"}. Every request needs a bearer token.
"""

from datetime import datetime

import pytest

from helpers import error_of


@pytest.fixture
def group(client, auth, unique):
    """A new group of alice's, which bob joins: two members, no notes."""
    response = client.post(
        "/api/groups", json={"name": unique("Notes"), "course_id": 2}, headers=auth("alice")
    )
    assert response.status_code == 201, response.text
    created = response.json()
    joined = client.post(f"/api/groups/{created['id']}/members", headers=auth("bob"))
    assert joined.status_code == 201, joined.text
    return created


def write(client, auth, group, writer="alice", **fields):
    response = client.post(f"/api/groups/{group['id']}/notes", json=fields, headers=auth(writer))
    assert response.status_code == 201, response.text
    return response.json()


def test_a_member_lists_the_groups_notes_oldest_first(client, auth, unique, group):
    first = write(client, auth, group, "bob", title=unique("First"))
    second = write(client, auth, group, "alice", title=unique("Second"))
    response = client.get(f"/api/groups/{group['id']}/notes", headers=auth("alice"))
    assert response.status_code == 200
    notes = response.json()
    assert [note["id"] for note in notes] == [first["id"], second["id"]]
    assert [note["owner"]["username"] for note in notes] == ["bob", "alice"]
    assert all(note["group_id"] == group["id"] for note in notes)


def test_a_member_writes_a_note_and_owns_it(client, auth, unique, group, db):
    title = unique("Checklist")
    response = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": f"  {title}  "}, headers=auth("bob")
    )
    assert response.status_code == 201
    note = response.json()
    assert response.headers["location"] == f"/api/notes/{note['id']}"
    bob = client.get("/api/users/me", headers=auth("bob")).json()
    assert note["owner"] == {"id": bob["id"], "username": "bob"}
    assert (note["group_id"], note["title"], note["body"]) == (group["id"], title, "")
    assert note["created_at"] == note["updated_at"]
    rows = db("SELECT owner_id, group_id, title FROM notes WHERE id = :id", id=note["id"])
    assert rows == [{"owner_id": bob["id"], "group_id": group["id"], "title": title}]


def test_the_owner_changes_only_the_fields_sent(client, auth, unique, group):
    note = write(client, auth, group, title=unique("Draft"), body="Keep this body.")
    response = client.patch(
        f"/api/notes/{note['id']}", json={"title": "Final"}, headers=auth("alice")
    )
    assert response.status_code == 200
    changed = response.json()
    assert (changed["title"], changed["body"]) == ("Final", "Keep this body.")
    assert changed["created_at"] == note["created_at"]
    assert datetime.fromisoformat(changed["updated_at"]) >= datetime.fromisoformat(
        note["updated_at"]
    )


def test_the_owner_deletes_a_note_and_it_is_gone(client, auth, unique, group, db):
    note = write(client, auth, group, title=unique("Scratch"))
    response = client.delete(f"/api/notes/{note['id']}", headers=auth("alice"))
    assert response.status_code == 204
    assert response.content == b""
    listed = client.get(f"/api/groups/{group['id']}/notes", headers=auth("alice")).json()
    assert note["id"] not in [n["id"] for n in listed]
    assert db("SELECT id FROM notes WHERE id = :id", id=note["id"]) == []
    error_of(client.delete(f"/api/notes/{note['id']}", headers=auth("alice")), 404)


def test_unknown_groups_and_notes_answer_404(client, auth, missing_id):
    unknown = missing_id()
    headers = auth("alice")
    for response in (
        client.get(f"/api/groups/{unknown}/notes", headers=headers),
        client.post(f"/api/groups/{unknown}/notes", json={"title": "Lost"}, headers=headers),
        client.patch(f"/api/notes/{unknown}", json={"title": "Lost"}, headers=headers),
        client.delete(f"/api/notes/{unknown}", headers=headers),
    ):
        assert error_of(response, 404)["code"] == "not_found"


def test_every_notes_endpoint_needs_a_token(client, group):
    for response in (
        client.get(f"/api/groups/{group['id']}/notes"),
        client.post(f"/api/groups/{group['id']}/notes", json={"title": "Anonymous"}),
        client.patch("/api/notes/1", json={"title": "Anonymous"}),
        client.delete("/api/notes/1"),
    ):
        assert error_of(response, 401)["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"title": "Long", "body": "b" * 10_001}, "body"),
        ({"title": "Someone else's", "owner_id": 1}, "owner_id"),
        ({"title": "Elsewhere", "group_id": 1}, "group_id"),
    ],
)
def test_a_new_note_is_checked_and_nothing_is_stored(client, auth, group, db, body, field):
    response = client.post(f"/api/groups/{group['id']}/notes", json=body, headers=auth("alice"))
    assert field in [error["field"] for error in error_of(response, 422)["errors"]]
    assert db("SELECT id FROM notes WHERE group_id = :g", g=group["id"]) == []


def test_a_patch_cannot_empty_a_field_or_move_a_note(client, auth, unique, group, db):
    note = write(client, auth, group, title=unique("Pinned"))
    url = f"/api/notes/{note['id']}"
    for body in ({"title": None}, {"group_id": 1}, {"owner_id": 1}, {"title": ""}):
        error_of(client.patch(url, json=body, headers=auth("alice")), 422)
    rows = db("SELECT title, group_id FROM notes WHERE id = :id", id=note["id"])
    assert rows == [{"title": note["title"], "group_id": group["id"]}]


def test_note_ids_in_urls_must_be_positive(client, auth):
    for response in (
        client.patch("/api/notes/0", json={"title": "Zero"}, headers=auth("alice")),
        client.delete("/api/notes/-1", headers=auth("alice")),
    ):
        assert error_of(response, 422)["errors"][0]["location"] == "path"
