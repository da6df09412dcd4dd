"""HW12 contract: a group's notes, live, over `WS /ws/groups/{group_id}`.

connect, then {"type": "auth", "token": ...}   {"type": "ready", "group_id": N}, then one
                                               message per note written, changed or deleted,
                                               to every socket of the group, after the commit
a first message that is no auth message        closed with 4400
a token the app did not issue                  closed with 4401
no such group, or not a member                 closed with 4404, and so is a member who leaves

Each test makes a group of its own (alice's, which bob joins), so the tests run in any order
and on a live server. The sockets come from live_socket.py. A test never waits for a message
that must not come: it shows that one did not by the message that comes next.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from live_socket import Closed, open_socket

pytestmark = pytest.mark.homework("hw12")


@pytest.fixture
def group(client, auth, unique):
    """A new group of alice's, which bob joins: two members, no notes."""
    created = client.post(
        "/api/groups", json={"name": unique("Live notes"), "course_id": 2}, headers=auth("alice")
    )
    assert created.status_code == 201, created.text
    joined = client.post(f"/api/groups/{created.json()['id']}/members", headers=auth("bob"))
    assert joined.status_code == 201, joined.text
    return created.json()


def token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


@contextmanager
def listening(client, auth, group_id: int, user: str = "bob") -> Iterator:
    """A socket on the group that said who it is and got `ready`."""
    with open_socket(client, f"/ws/groups/{group_id}") as socket:
        socket.send({"type": "auth", "token": token_of(auth(user))})
        assert socket.receive() == {"type": "ready", "group_id": group_id}
        yield socket


def refusal(client, group_id: int, first: object) -> Closed:
    """How the server closes a socket whose first message is `first` (text or bytes as they
    are, anything else as JSON)."""
    with open_socket(client, f"/ws/groups/{group_id}") as socket:
        try:
            if isinstance(first, str | bytes):
                socket.send_raw(first)
            else:
                socket.send(first)
            message = socket.receive()
        except Closed as closed:
            return closed
    raise AssertionError(f"the server was to close the socket; it sent {message}")


def write(client, auth, unique, group, writer: str = "alice") -> dict:
    created = client.post(
        f"/api/groups/{group['id']}/notes", json={"title": unique("Note")}, headers=auth(writer)
    )
    assert created.status_code == 201, created.text
    return created.json()


@pytest.mark.contract(
    "WS /ws/groups/{group_id}",
    "input group_id",
    "input token",
    "behavior 1",
    "behavior 5",
    "behavior 7",
    "output type",
    "output group_id",
    "output note",
    "output note_id",
)
def test_a_member_hears_of_each_note_written_changed_and_deleted(client, auth, unique, group):
    notes = f"/api/groups/{group['id']}/notes"
    with listening(client, auth, group["id"], "bob") as socket:
        created = client.post(
            notes, json={"title": unique("Live"), "body": "Heard at once."}, headers=auth("alice")
        )
        assert created.status_code == 201
        note = created.json()
        assert socket.receive() == {"type": "note.created", "note": note}
        listed = client.get(notes, headers=auth("bob"))
        assert listed.status_code == 200
        assert [n for n in listed.json() if n["id"] == note["id"]] == [note]

        changed = client.patch(
            f"/api/notes/{note['id']}", json={"title": "Changed"}, headers=auth("alice")
        )
        assert changed.status_code == 200
        assert socket.receive() == {"type": "note.updated", "note": changed.json()}

        deleted = client.delete(f"/api/notes/{note['id']}", headers=auth("alice"))
        assert deleted.status_code == 204
        assert socket.receive() == {"type": "note.deleted", "note_id": note["id"]}


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 5", "behavior 6")
def test_every_socket_of_the_group_hears_an_event_and_no_other_group(client, auth, unique, group):
    elsewhere = client.post(
        "/api/groups", json={"name": unique("Elsewhere"), "course_id": 2}, headers=auth("alice")
    )
    assert elsewhere.status_code == 201
    other = elsewhere.json()
    with (
        listening(client, auth, group["id"], "bob") as bob,
        listening(client, auth, group["id"], "alice") as alice,
        listening(client, auth, other["id"], "alice") as alice_elsewhere,
    ):
        here = write(client, auth, unique, group)
        assert bob.receive() == {"type": "note.created", "note": here}
        assert alice.receive() == {"type": "note.created", "note": here}  # the writer's too
        there = write(client, auth, unique, other)
        # The other group's socket hears its own note first: it never heard of the first one.
        assert alice_elsewhere.receive() == {"type": "note.created", "note": there}


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 4", "error line 3")
def test_outsiders_and_unknown_groups_are_refused_with_4404(client, auth, group, missing_id):
    outsider = refusal(client, group["id"], {"type": "auth", "token": token_of(auth("dave"))})
    assert outsider.code == 4404
    assert group["name"] not in outsider.reason
    unknown = refusal(client, missing_id(), {"type": "auth", "token": token_of(auth("dave"))})
    assert unknown.code == 4404


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 3", "error line 2")
def test_a_token_the_app_did_not_issue_is_refused_with_4401(client, auth, group):
    forged = token_of(auth("bob"))[:-4] + "AAAA"
    for token in ("not-a-token", forged):
        closed = refusal(client, group["id"], {"type": "auth", "token": token})
        assert closed.code == 4401, token


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 2", "error line 1")
def test_a_first_message_that_is_no_auth_message_is_refused_with_4400(client, auth, group):
    token = token_of(auth("bob"))
    for first in ("hello", {"type": "hello", "token": token}, {"type": "auth"}):
        closed = refusal(client, group["id"], first)
        assert closed.code == 4400, first
        assert closed.reason, "the reason says what to send"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 8", "error line 3")
def test_a_member_who_leaves_is_disconnected_and_the_others_keep_listening(
    client, auth, unique, group
):
    with (
        listening(client, auth, group["id"], "bob") as bob,
        listening(client, auth, group["id"], "alice") as alice,
    ):
        left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
        assert left.status_code == 204
        with pytest.raises(Closed) as closed:
            bob.receive()
        assert closed.value.code == 4404
        again = refusal(client, group["id"], {"type": "auth", "token": token_of(auth("bob"))})
        assert again.code == 4404
        note = write(client, auth, unique, group)
        assert alice.receive() == {"type": "note.created", "note": note}
