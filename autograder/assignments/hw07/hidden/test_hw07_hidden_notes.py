"""Hidden HW7 contracts: who reads, writes, changes and deletes the notes of a study group."""

from datetime import datetime

import pytest
from hw07_hidden_helpers import (
    STAFF,
    fields_of,
    join,
    leave,
    like_a_missing_note,
    listed_ids,
    new_group,
    no_valid_token,
    note_row,
    user_id,
    write_note,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw07")

NOTE_FIELDS = {"id", "group_id", "title", "body", "owner", "created_at", "updated_at"}


# --- GET /api/groups/{group_id}/notes -----------------------------------------------------


@pytest.mark.contract("GET /api/groups/{group_id}/notes", "behavior 3", "error 403")
def test_staff_who_are_not_members_cannot_read_a_groups_notes(client, auth, unique):
    """An instructor or an admin who is not a member of a group gets 403 for its notes."""
    group = new_group(client, auth, unique)
    url = f"/api/groups/{group['id']}/notes"
    for user in STAFF:
        assert error_of(client.get(url, headers=auth(user)), 403)["code"] == "forbidden"
    join(client, auth, group, "carol")
    assert client.get(url, headers=auth("carol")).status_code == 200


@pytest.mark.contract("GET /api/groups/{group_id}/notes", "paragraph 1", "behavior 3")
def test_a_403_shows_nothing_of_the_notes(client, auth, unique):
    """A user who is not a member gets 403 for a group's notes, and the answer shows none."""
    group = new_group(client, auth, unique)
    note = write_note(client, auth, unique, group)
    response = client.get(f"/api/groups/{group['id']}/notes", headers=auth("dave"))
    error_of(response, 403)
    assert note["title"] not in response.text and note["body"] not in response.text


@pytest.mark.contract("GET /api/groups/{group_id}/notes", "behavior 3")
def test_membership_is_read_at_every_request(client, auth, unique):
    """A member who leaves a group gets 403 for its notes at once, and 200 again after joining."""
    group = new_group(client, auth, unique, members=["bob"])
    note = write_note(client, auth, unique, group)
    url = f"/api/groups/{group['id']}/notes"
    assert listed_ids(client, auth, group, "bob") == [note["id"]]
    leave(client, auth, group, "bob")
    error_of(client.get(url, headers=auth("bob")), 403)
    join(client, auth, group, "bob")
    assert listed_ids(client, auth, group, "bob") == [note["id"]]


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes",
    "behavior 4",
    "output 200",
    "output id",
    "output group_id",
    "output title",
    "output owner",
    "output created_at",
)
def test_a_member_sees_exactly_the_groups_notes_oldest_first(client, auth, unique):
    """GET /api/groups/{id}/notes lists that group's notes only, oldest first, in their shape."""
    group = new_group(client, auth, unique, members=["bob"])
    other = new_group(client, auth, unique)
    first = write_note(client, auth, unique, group, "bob")
    write_note(client, auth, unique, other, "alice")
    second = write_note(client, auth, unique, group, "alice")
    response = client.get(f"/api/groups/{group['id']}/notes", headers=auth("bob"))
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    notes = response.json()
    assert [note["id"] for note in notes] == [first["id"], second["id"]]
    assert all(set(note) == NOTE_FIELDS for note in notes), "a note has other fields"
    assert notes == [first, second], "a listed note differs from the note as written"
    owner = notes[0]["owner"]
    assert owner == {"id": user_id(client, auth, "bob"), "username": "bob"}
    assert {note["group_id"] for note in notes} == {group["id"]}
    error_of(client.get(f"/api/groups/{group['id']}/notes", headers=auth("dave")), 403)


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes",
    "input Authorization",
    "behavior 1",
    "behavior 2",
    "error 401",
    "error 404",
)
def test_reading_notes_checks_the_token_then_the_group_then_membership(
    client, auth, unique, missing_id
):
    """GET /api/groups/{id}/notes: 401 without a valid token, then 404 unknown group, then 403."""
    group = new_group(client, auth, unique)
    unknown = missing_id()
    for headers in no_valid_token(auth):
        for group_id in (group["id"], unknown):
            response = client.get(f"/api/groups/{group_id}/notes", headers=headers)
            assert error_of(response, 401)["code"] == "not_authenticated"
    missing = client.get(f"/api/groups/{unknown}/notes", headers=auth("dave"))
    assert error_of(missing, 404)["code"] == "not_found"
    error_of(client.get(f"/api/groups/{group['id']}/notes", headers=auth("dave")), 403)


# --- POST /api/groups/{group_id}/notes ----------------------------------------------------


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "paragraph 1", "behavior 3", "error 403")
def test_no_outsider_can_write_in_a_group_whatever_their_role(client, auth, unique, db):
    """A user who is not a member of a group, student or staff, gets 403 and stores no note."""
    group = new_group(client, auth, unique)
    title = unique("Intruder")
    for user in ("dave", *STAFF):
        response = client.post(
            f"/api/groups/{group['id']}/notes", json={"title": title}, headers=auth(user)
        )
        assert error_of(response, 403)["code"] == "forbidden"
    assert db("SELECT id FROM notes WHERE group_id = :g", g=group["id"]) == []
    assert listed_ids(client, auth, group) == []


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "behavior 3", "error 403")
def test_a_member_who_left_can_no_longer_write(client, auth, unique, db):
    """A member who leaves a group gets 403 when writing in it, and nothing is stored."""
    group = new_group(client, auth, unique, members=["bob"])
    kept = write_note(client, auth, unique, group, "bob")
    leave(client, auth, group, "bob")
    response = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": unique("Late")}, headers=auth("bob")
    )
    error_of(response, 403)
    stored = db("SELECT id FROM notes WHERE group_id = :g", g=group["id"])
    assert stored == [{"id": kept["id"]}]


@pytest.mark.contract(
    "POST /api/groups/{group_id}/notes",
    "input group_id",
    "input Authorization",
    "behavior 1",
    "behavior 2",
    "error 401",
    "error 404",
)
def test_writing_checks_the_token_then_the_group_then_membership(
    client, auth, unique, missing_id, db
):
    """POST /api/groups/{id}/notes: 401 without a valid token, then 404 unknown group, then 403."""
    group = new_group(client, auth, unique)
    unknown = missing_id()
    title = unique("Anonymous")
    for headers in no_valid_token(auth):
        for group_id in (group["id"], unknown):
            response = client.post(
                f"/api/groups/{group_id}/notes", json={"title": title}, headers=headers
            )
            assert error_of(response, 401)["code"] == "not_authenticated"
    missing = client.post(
        f"/api/groups/{unknown}/notes", json={"title": title}, headers=auth("dave")
    )
    assert error_of(missing, 404)["code"] == "not_found"
    zero = client.post("/api/groups/0/notes", json={"title": title}, headers=auth("alice"))
    error_of(zero, 422)
    response = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": title}, headers=auth("dave")
    )
    error_of(response, 403)
    assert db("SELECT id FROM notes WHERE title = :t", t=title) == []


@pytest.mark.contract(
    "POST /api/groups/{group_id}/notes",
    "input title",
    "input body",
    "behavior 4",
    "output 201",
    "output Location",
)
def test_a_members_note_belongs_to_the_writer_and_the_url_group(client, auth, unique, db):
    """A member's new note is stored in the URL's group, owned by the writer, trimmed, with 201."""
    group = new_group(client, auth, unique, members=["bob"])
    title = unique("Agenda")
    response = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": f"  {title} "}, headers=auth("bob")
    )
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    note = response.json()
    assert response.headers.get("location") == f"/api/notes/{note['id']}"
    bob = user_id(client, auth, "bob")
    assert set(note) == NOTE_FIELDS
    assert note["owner"] == {"id": bob, "username": "bob"}
    assert (note["group_id"], note["title"], note["body"]) == (group["id"], title, "")
    assert note["created_at"] == note["updated_at"]
    rows = db("SELECT owner_id, group_id, title, body FROM notes WHERE id = :n", n=note["id"])
    assert rows == [{"owner_id": bob, "group_id": group["id"], "title": title, "body": ""}]
    refused = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": title}, headers=auth("dave")
    )
    error_of(refused, 403)


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "input owner_id", "error 422")
def test_a_client_chooses_neither_the_owner_nor_the_group_of_a_note(client, auth, unique, db):
    """`owner_id` or `group_id` in a new note's body is refused with 422; outsiders get 403."""
    group = new_group(client, auth, unique, members=["bob"])
    own = new_group(client, auth, unique, owner="dave")
    alice, title = user_id(client, auth, "alice"), unique("Forged")
    url = f"/api/groups/{group['id']}/notes"
    for body in (
        {"title": title, "owner_id": alice},
        {"title": title, "group_id": own["id"]},
        {"title": "t" * 201},
        {"title": title, "body": "b" * 10_001},
    ):
        error_of(client.post(url, json=body, headers=auth("bob")), 422)
    error_of(client.post(url, json={"title": title}, headers=auth("dave")), 403)
    assert db("SELECT id FROM notes WHERE group_id = :g", g=group["id"]) == []


# --- PATCH /api/notes/{note_id} -----------------------------------------------------------


@pytest.mark.contract("PATCH /api/notes/{note_id}", "behavior 4", "error 403")
def test_no_member_changes_another_members_note(client, auth, unique, db):
    """A member who does not own a note gets 403 on PATCH, whoever has the lower id."""
    group = new_group(client, auth, unique, members=["bob", "carol"])
    alices, bobs = (
        write_note(client, auth, unique, group),
        write_note(client, auth, unique, group, "bob"),
    )
    attempts = [(alices, "bob"), (bobs, "alice"), (alices, "carol"), (bobs, "carol")]
    for note, user in attempts:
        before = note_row(db, note)
        response = client.patch(
            f"/api/notes/{note['id']}", json={"title": unique("Taken")}, headers=auth(user)
        )
        assert error_of(response, 403)["code"] == "forbidden"
        assert note_row(db, note) == before, "a refused PATCH changed the note"


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}", "input note_id", "behavior 2", "behavior 5", "error 404"
)
def test_outsiders_get_the_404_of_a_note_that_does_not_exist_on_patch(
    client, auth, unique, missing_id, db
):
    """PATCH of a note by a non-member of its group answers as for a note id that is unknown."""
    group = new_group(client, auth, unique, members=["bob"])
    note = write_note(client, auth, unique, group)
    before = note_row(db, note)
    unknown = missing_id()
    for user in ("dave", *STAFF):
        missing = client.patch(f"/api/notes/{unknown}", json={"title": "x"}, headers=auth(user))
        response = client.patch(f"/api/notes/{note['id']}", json={"title": "x"}, headers=auth(user))
        like_a_missing_note(response, note["id"], missing, unknown)
    assert note_row(db, note) == before, "a refused PATCH changed the note"
    zero = client.patch("/api/notes/0", json={"title": "x"}, headers=auth("alice"))
    assert ("path", "note_id") in fields_of(zero)


@pytest.mark.contract("PATCH /api/notes/{note_id}", "behavior 4", "behavior 5")
def test_a_member_who_left_is_an_outsider_to_the_groups_notes(client, auth, unique, db):
    """A member gets 403 for another's note; after leaving the group, the 404 of a missing note."""
    group = new_group(client, auth, unique, members=["bob"])
    note = write_note(client, auth, unique, group)
    url = f"/api/notes/{note['id']}"
    error_of(client.patch(url, json={"title": "x"}, headers=auth("bob")), 403)
    error_of(client.delete(url, headers=auth("bob")), 403)
    leave(client, auth, group, "bob")
    assert error_of(client.patch(url, json={"title": "x"}, headers=auth("bob")), 404)["code"] == (
        "not_found"
    )
    error_of(client.delete(url, headers=auth("bob")), 404)
    assert note_row(db, note) != []


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}", "paragraph 1", "input title", "behavior 3", "output 200"
)
def test_the_owner_changes_only_the_fields_sent(client, auth, unique, db):
    """The owner's PATCH changes the fields sent, keeps the others and moves `updated_at`."""
    group = new_group(client, auth, unique, members=["bob"])
    note = write_note(client, auth, unique, group)
    title = unique("Renamed")
    response = client.patch(
        f"/api/notes/{note['id']}", json={"title": title}, headers=auth("alice")
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    changed = response.json()
    assert (changed["title"], changed["body"]) == (title, note["body"])
    assert (changed["id"], changed["owner"], changed["group_id"]) == (
        note["id"],
        note["owner"],
        note["group_id"],
    )
    assert changed["created_at"] == note["created_at"]
    assert datetime.fromisoformat(changed["updated_at"]) > datetime.fromisoformat(
        note["updated_at"]
    ), "updated_at did not move forward"
    body = unique("New body")
    again = client.patch(f"/api/notes/{note['id']}", json={"body": body}, headers=auth("alice"))
    assert again.status_code == 200 and again.json()["title"] == title
    assert [(r["title"], r["body"]) for r in note_row(db, note)] == [(title, body)]
    error_of(client.patch(f"/api/notes/{note['id']}", json={"body": "x"}, headers=auth("bob")), 403)


@pytest.mark.contract("PATCH /api/notes/{note_id}", "behavior 3", "output 200")
@pytest.mark.contract("DELETE /api/notes/{note_id}", "behavior 3")
def test_the_owner_keeps_their_note_after_leaving_the_group(client, auth, unique, db):
    """After leaving a group, a note's owner may still change and delete it, but not list notes."""
    group = new_group(client, auth, unique, members=["bob"])
    note = write_note(client, auth, unique, group, "bob")
    leave(client, auth, group, "bob")
    title = unique("Still mine")
    response = client.patch(f"/api/notes/{note['id']}", json={"title": title}, headers=auth("bob"))
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json()["title"] == title
    error_of(client.get(f"/api/groups/{group['id']}/notes", headers=auth("bob")), 403)
    deleted = client.delete(f"/api/notes/{note['id']}", headers=auth("bob"))
    assert deleted.status_code == 204, f"expected 204, got {deleted.status_code}"
    assert note_row(db, note) == []


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}", "input Authorization", "behavior 1", "error 401"
)
def test_changing_a_note_checks_the_token_first(client, auth, unique, missing_id, db):
    """PATCH /api/notes/{id} without a valid token answers 401, whatever the note."""
    group = new_group(client, auth, unique, members=["bob"])
    bobs = write_note(client, auth, unique, group, "bob")
    daves = write_note(client, auth, unique, new_group(client, auth, unique, owner="dave"), "dave")
    unknown = missing_id()
    for headers in no_valid_token(auth):  # forged is bob's token, re-signed
        for note_id in (bobs["id"], daves["id"], unknown):
            response = client.patch(f"/api/notes/{note_id}", json={"title": "x"}, headers=headers)
            assert error_of(response, 401)["code"] == "not_authenticated"
    assert note_row(db, bobs)[0]["title"] == bobs["title"]
    error_of(
        client.patch(f"/api/notes/{bobs['id']}", json={"title": "x"}, headers=auth("alice")), 403
    )


@pytest.mark.contract("PATCH /api/notes/{note_id}", "input owner_id", "error 422")
def test_a_note_never_moves_to_another_owner_or_group(client, auth, unique, db):
    """PATCH with `owner_id`, `group_id` or a null is refused with 422; the note is unchanged."""
    group = new_group(client, auth, unique, members=["bob"])
    other = new_group(client, auth, unique, owner="bob")
    note = write_note(client, auth, unique, group)
    before = note_row(db, note)
    url = f"/api/notes/{note['id']}"
    for body in (
        {"owner_id": user_id(client, auth, "bob")},
        {"group_id": other["id"]},
        {"title": None},
        {"title": "   "},
    ):
        error_of(client.patch(url, json=body, headers=auth("alice")), 422)
    assert note_row(db, note) == before, "a refused PATCH changed the note"
    error_of(client.patch(url, json={"title": "Mine now"}, headers=auth("bob")), 403)


# --- DELETE /api/notes/{note_id} ----------------------------------------------------------


@pytest.mark.contract("DELETE /api/notes/{note_id}", "behavior 4", "error 403")
def test_no_member_deletes_another_members_note(client, auth, unique, db):
    """A member who does not own a note gets 403 on DELETE, whoever has the lower id; it stays."""
    group = new_group(client, auth, unique, members=["bob", "erin"])
    alices, bobs = (
        write_note(client, auth, unique, group),
        write_note(client, auth, unique, group, "bob"),
    )
    for note, user in [(alices, "bob"), (bobs, "alice"), (alices, "erin")]:
        response = client.delete(f"/api/notes/{note['id']}", headers=auth(user))
        assert error_of(response, 403)["code"] == "forbidden"
    assert listed_ids(client, auth, group) == [alices["id"], bobs["id"]]
    assert note_row(db, alices) != [] and note_row(db, bobs) != []


@pytest.mark.contract(
    "DELETE /api/notes/{note_id}", "input note_id", "behavior 2", "behavior 5", "error 404"
)
def test_outsiders_get_the_404_of_a_note_that_does_not_exist_on_delete(
    client, auth, unique, missing_id, db
):
    """DELETE of a note by a non-member of its group answers as for a note id that is unknown."""
    group = new_group(client, auth, unique)
    note = write_note(client, auth, unique, group)
    unknown = missing_id()
    for user in ("dave", *STAFF):
        missing = client.delete(f"/api/notes/{unknown}", headers=auth(user))
        response = client.delete(f"/api/notes/{note['id']}", headers=auth(user))
        like_a_missing_note(response, note["id"], missing, unknown)
    assert listed_ids(client, auth, group) == [note["id"]]
    assert note_row(db, note) != []
    zero = client.delete("/api/notes/0", headers=auth("alice"))
    assert ("path", "note_id") in fields_of(zero)


@pytest.mark.contract(
    "DELETE /api/notes/{note_id}", "paragraph 1", "behavior 3", "output 204", "error 404"
)
def test_the_owner_deletes_a_note_and_it_is_gone_for_everyone(client, auth, unique, db):
    """The owner's DELETE answers 204 with no body; then the note is gone and answers 404."""
    group = new_group(client, auth, unique, members=["bob"])
    note, kept = write_note(client, auth, unique, group), write_note(client, auth, unique, group)
    url = f"/api/notes/{note['id']}"
    error_of(client.delete(url, headers=auth("bob")), 403)
    response = client.delete(url, headers=auth("alice"))
    assert response.status_code == 204, f"expected 204, got {response.status_code}"
    assert response.content == b"", "a 204 has no body"
    assert note_row(db, note) == [] and note_row(db, kept) != []
    assert listed_ids(client, auth, group, "bob") == [kept["id"]]
    error_of(client.delete(url, headers=auth("alice")), 404)
    error_of(client.patch(url, json={"title": "Back"}, headers=auth("alice")), 404)


@pytest.mark.contract(
    "DELETE /api/notes/{note_id}", "input Authorization", "behavior 1", "error 401"
)
def test_deleting_a_note_checks_the_token_first(client, auth, unique, missing_id, db):
    """DELETE /api/notes/{id} without a valid token answers 401, whatever the note; it stays."""
    group = new_group(client, auth, unique, members=["bob"])
    alices, bobs = (
        write_note(client, auth, unique, group),
        write_note(client, auth, unique, group, "bob"),
    )
    unknown = missing_id()
    for headers in no_valid_token(auth):  # forged is bob's token, re-signed
        for note_id in (alices["id"], bobs["id"], unknown):
            response = client.delete(f"/api/notes/{note_id}", headers=headers)
            assert error_of(response, 401)["code"] == "not_authenticated"
    assert note_row(db, alices) != [] and note_row(db, bobs) != []
    error_of(client.delete(f"/api/notes/{alices['id']}", headers=auth("bob")), 403)
