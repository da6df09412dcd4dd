"""What the hidden HW12 checks share: a group of their own, a socket on it that has said who it
is, and how the server closes a socket it refuses.

Every socket is opened in a `with` block, so a check closes what it opened whether it passes or
fails. Nothing here waits for a message that must not come: a check shows that a socket heard
nothing by what it hears next (see live_socket.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from live_socket import Closed, open_socket

# Sample users: alice, bob and dave are verified students. alice makes every group here and
# bob joins it; dave is the outsider.
NOTES = "/api/groups/{group_id}/notes"


def new_group(client, auth, unique, *members):
    """A new group of alice's, which each of `members` joins."""
    created = client.post(
        "/api/groups", json={"name": unique("Live notes"), "course_id": 2}, headers=auth("alice")
    )
    assert created.status_code == 201, f"a new group: expected 201, got {created.status_code}"
    group = created.json()
    for member in members:
        joined = client.post(f"/api/groups/{group['id']}/members", headers=auth(member))
        assert joined.status_code == 201, f"joining: expected 201, got {joined.status_code}"
    return group


def token_of(auth, username):
    return auth(username)["Authorization"].removeprefix("Bearer ")


def auth_message(auth, username):
    return {"type": "auth", "token": token_of(auth, username)}


@contextmanager
def listening(client, auth, group_id, username="bob") -> Iterator:
    """A socket on the group that sent its auth message and got `ready`."""
    with open_socket(client, f"/ws/groups/{group_id}") as socket:
        socket.send(auth_message(auth, username))
        ready = socket.receive()
        assert ready == {"type": "ready", "group_id": group_id}, (
            f"expected the ready message first, got {ready}"
        )
        yield socket


def refusal(client, group_id, first=None) -> Closed:
    """How the server closes a socket whose first message is `first` (text or bytes as they
    are, anything else as JSON; None: the client says nothing)."""
    with open_socket(client, f"/ws/groups/{group_id}") as socket:
        try:
            if isinstance(first, str | bytes):
                socket.send_raw(first)
            elif first is not None:
                socket.send(first)
            message = socket.receive()
        except Closed as closed:
            return closed
    raise AssertionError(f"expected the server to close the socket; it sent {message}")


def closing(socket) -> Closed:
    """How the server closes a socket that was open (the next thing it gets must be the close)."""
    try:
        message = socket.receive()
    except Closed as closed:
        return closed
    raise AssertionError(f"expected the server to close the socket; it sent {message}")


def write(client, auth, unique, group, writer="alice", **fields):
    """A new note in the group; its answer's body."""
    response = client.post(
        f"/api/groups/{group['id']}/notes",
        json={"title": unique("Note"), **fields},
        headers=auth(writer),
    )
    assert response.status_code == 201, f"a new note: expected 201, got {response.status_code}"
    return response.json()


def created(note):
    return {"type": "note.created", "note": note}
