"""Hidden HW12 contracts of the events: what each socket of a group hears, when, and that no
socket hears of another group or of a change that was refused. A socket that must hear nothing
is shown to have heard nothing by the message it gets next."""

import pytest
from hw12_hidden_helpers import (
    auth_message,
    closing,
    created,
    listening,
    new_group,
    refusal,
    write,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw12")


@pytest.mark.contract(
    "WS /ws/groups/{group_id}",
    "paragraph 1",
    "behavior 5",
    "behavior 6",
    "output type",
    "output note",
    "output note_id",
)
def test_every_socket_of_the_group_hears_each_change_in_order(client, auth, unique):
    """WS /ws/groups/{group_id} sends every socket of the group one message per note written,
    changed and deleted, in the order of the changes."""
    group = new_group(client, auth, unique, "bob")
    with (
        listening(client, auth, group["id"], "alice") as alice,
        listening(client, auth, group["id"], "bob") as bob,
    ):
        first = write(client, auth, unique, group, "bob", body="First.")
        second = write(client, auth, unique, group, "alice")
        changed = client.patch(
            f"/api/notes/{first['id']}", json={"body": "Changed."}, headers=auth("bob")
        )
        assert changed.status_code == 200, f"PATCH: expected 200, got {changed.status_code}"
        deleted = client.delete(f"/api/notes/{second['id']}", headers=auth("alice"))
        assert deleted.status_code == 204, f"DELETE: expected 204, got {deleted.status_code}"
        expected = [
            created(first),
            created(second),
            {"type": "note.updated", "note": changed.json()},
            {"type": "note.deleted", "note_id": second["id"]},
        ]
        for socket in (alice, bob):
            assert [socket.receive() for _ in expected] == expected


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 6")
def test_each_socket_of_one_member_hears_the_event(client, auth, unique):
    """WS /ws/groups/{group_id} sends an event to every socket a member has open on the group,
    the writer's own included."""
    group = new_group(client, auth, unique, "bob")
    with (
        listening(client, auth, group["id"], "bob") as phone,
        listening(client, auth, group["id"], "bob") as laptop,
    ):
        note = write(client, auth, unique, group, "bob")
        assert phone.receive() == created(note)
        assert laptop.receive() == created(note)


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 6")
def test_a_socket_of_another_group_hears_nothing_of_this_one(client, auth, unique):
    """WS /ws/groups/{group_id} sends a group's events to none of the sockets of other groups."""
    group = new_group(client, auth, unique, "bob")
    other = new_group(client, auth, unique, "bob")
    with (
        listening(client, auth, group["id"], "bob") as here,
        listening(client, auth, other["id"], "bob") as elsewhere,
    ):
        note = write(client, auth, unique, group)
        changed = client.patch(
            f"/api/notes/{note['id']}", json={"title": unique("Changed")}, headers=auth("alice")
        )
        assert changed.status_code == 200, f"PATCH: expected 200, got {changed.status_code}"
        deleted = client.delete(f"/api/notes/{note['id']}", headers=auth("alice"))
        assert deleted.status_code == 204, f"DELETE: expected 204, got {deleted.status_code}"
        assert here.receive() == created(note)
        there = write(client, auth, unique, other)
        # The other group's socket hears its own note first: nothing of the first group came.
        assert elsewhere.receive() == created(there)


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 7", "output note")
def test_a_note_heard_of_is_already_saved(client, auth, unique, db):
    """WS /ws/groups/{group_id} sends `note.created` after the note is saved: the group's list
    and the database hold it when the event arrives."""
    group = new_group(client, auth, unique, "bob")
    with listening(client, auth, group["id"], "bob") as bob:
        note = write(client, auth, unique, group, "alice", body="Saved first.")
        event = bob.receive()
        assert event == created(note)
        listed = client.get(f"/api/groups/{group['id']}/notes", headers=auth("bob"))
        assert listed.status_code == 200, f"the list: expected 200, got {listed.status_code}"
        assert [n for n in listed.json() if n["id"] == note["id"]] == [event["note"]]
        rows = db("SELECT title, body FROM notes WHERE id = :id", id=note["id"])
        assert rows == [{"title": note["title"], "body": "Saved first."}]


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 7", "output note", "output note_id")
def test_changes_and_deletions_are_heard_as_saved(client, auth, unique, db):
    """WS /ws/groups/{group_id} sends `note.updated` with the note as saved, and `note.deleted`
    with only its id once it is gone."""
    group = new_group(client, auth, unique, "bob")
    note = write(client, auth, unique, group, "bob")
    with listening(client, auth, group["id"], "alice") as alice:
        changed = client.patch(
            f"/api/notes/{note['id']}",
            json={"title": unique("Pinned"), "pinned": True},
            headers=auth("bob"),
        )
        assert changed.status_code == 200, f"PATCH: expected 200, got {changed.status_code}"
        event = alice.receive()
        assert event == {"type": "note.updated", "note": changed.json()}
        assert event["note"]["pinned"] is True and event["note"]["id"] == note["id"]
        listed = client.get(f"/api/groups/{group['id']}/notes", headers=auth("alice")).json()
        assert listed == [event["note"]]
        deleted = client.delete(f"/api/notes/{note['id']}", headers=auth("bob"))
        assert deleted.status_code == 204, f"DELETE: expected 204, got {deleted.status_code}"
        assert alice.receive() == {"type": "note.deleted", "note_id": note["id"]}
        assert db("SELECT id FROM notes WHERE id = :id", id=note["id"]) == []


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 7")
def test_a_refused_request_sends_nothing(client, auth, unique):
    """WS /ws/groups/{group_id} sends nothing for a request that was refused (403, 422)."""
    group = new_group(client, auth, unique, "bob")
    note = write(client, auth, unique, group, "alice")
    url = f"/api/notes/{note['id']}"
    with listening(client, auth, group["id"], "bob") as bob:
        error_of(client.patch(url, json={"title": "Not mine"}, headers=auth("bob")), 403)
        error_of(client.delete(url, headers=auth("bob")), 403)
        error_of(client.patch(url, json={"title": ""}, headers=auth("alice")), 422)
        notes = f"/api/groups/{group['id']}/notes"
        error_of(client.post(notes, json={"title": ""}, headers=auth("alice")), 422)
        error_of(client.post(notes, json={"title": unique("Outsider")}, headers=auth("dave")), 403)
        heard = write(client, auth, unique, group, "bob")
        assert bob.receive() == created(heard)


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 9")
def test_what_the_client_sends_after_auth_is_ignored(client, auth, unique):
    """WS /ws/groups/{group_id} keeps the socket open and hearing when the client sends more
    messages after its auth message."""
    group = new_group(client, auth, unique, "bob")
    with listening(client, auth, group["id"], "bob") as bob:
        bob.send_raw("hello")
        bob.send_raw(b"\x00\x01")
        bob.send({"type": "auth", "token": "not-a-token"})
        note = write(client, auth, unique, group)
        assert bob.receive() == created(note)


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 8", "error line 3")
def test_leaving_closes_every_socket_of_the_member_on_that_group_only(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4404 every socket of a member who leaves the
    group; their sockets on other groups and the other members' sockets stay open."""
    group = new_group(client, auth, unique, "bob")
    other = new_group(client, auth, unique, "bob")
    with (
        listening(client, auth, group["id"], "bob") as phone,
        listening(client, auth, group["id"], "bob") as laptop,
        listening(client, auth, other["id"], "bob") as bob_elsewhere,
        listening(client, auth, group["id"], "alice") as alice,
    ):
        left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
        assert left.status_code == 204, f"leaving: expected 204, got {left.status_code}"
        for socket in (phone, laptop):
            closed = closing(socket)
            assert closed.code == 4404, f"expected close code 4404, got {closed.code}"
        again = refusal(client, group["id"], auth_message(auth, "bob"))
        assert again.code == 4404, f"coming back: expected close code 4404, got {again.code}"
        note = write(client, auth, unique, group)
        assert alice.receive() == created(note)
        there = write(client, auth, unique, other)
        assert bob_elsewhere.receive() == created(there)
