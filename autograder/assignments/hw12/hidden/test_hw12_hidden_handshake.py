"""Hidden HW12 contracts of the handshake: who may listen to a group, and how the server closes
a socket it refuses (4400, 4401, 4404)."""

import json

import pytest
from hw12_hidden_helpers import (
    auth_message,
    listening,
    new_group,
    refusal,
    token_of,
    write,
)

pytestmark = pytest.mark.homework("hw12")


@pytest.mark.contract(
    "WS /ws/groups/{group_id}",
    "input group_id",
    "input token",
    "behavior 1",
    "behavior 5",
    "output type",
    "output group_id",
)
def test_a_member_gets_ready_with_the_group_id_first(client, auth, unique):
    """WS /ws/groups/{group_id} answers a member's auth message with `ready` and the group's id."""
    group = new_group(client, auth, unique, "bob")
    for username in ("alice", "bob"):
        with listening(client, auth, group["id"], username):
            pass
    sample = [g for g in client.get("/api/groups").json() if g["name"] == "Late-night debuggers"]
    assert len(sample) == 1, "the sample group is there"
    with listening(client, auth, sample[0]["id"], "bob"):
        pass


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 2", "error line 1")
def test_a_first_message_that_is_not_json_closes_with_4400(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4400 when the first message is text that is no JSON."""
    group = new_group(client, auth, unique, "bob")
    for first in ("hello", "{not json", token_of(auth, "bob")):
        closed = refusal(client, group["id"], first)
        assert closed.code == 4400, f"expected close code 4400, got {closed.code}"
        assert closed.reason.strip(), "the reason says what to send"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 2", "error line 1")
def test_a_binary_first_message_closes_with_4400(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4400 when the first message is binary, even one
    that holds a valid auth message."""
    group = new_group(client, auth, unique, "bob")
    binary = json.dumps(auth_message(auth, "bob")).encode()
    closed = refusal(client, group["id"], binary)
    assert closed.code == 4400, f"expected close code 4400, got {closed.code}"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 2", "input token", "error line 1")
def test_json_that_is_no_auth_message_closes_with_4400(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4400 when the first message is JSON of another
    shape: not an object, another type, a token missing, empty or not a string."""
    group = new_group(client, auth, unique, "bob")
    token = token_of(auth, "bob")
    for first in (
        [{"type": "auth", "token": token}],
        '"auth"',  # JSON, a string
        {"token": token},
        {"type": "hello", "token": token},
        {"type": "auth"},
        {"type": "auth", "token": ""},
        {"type": "auth", "token": 12345},
        {"type": "auth", "token": [token]},
    ):
        closed = refusal(client, group["id"], first)
        assert closed.code == 4400, f"expected close code 4400, got {closed.code}"


@pytest.mark.timeout(60)
@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 1", "behavior 2", "error line 1")
def test_a_client_that_says_nothing_is_closed_with_4400(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4400 a client that sends nothing for 10 seconds."""
    group = new_group(client, auth, unique, "bob")
    closed = refusal(client, group["id"])
    assert closed.code == 4400, f"expected close code 4400, got {closed.code}"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 3", "error line 2")
def test_a_token_the_app_did_not_issue_closes_with_4401(client, auth, unique):
    """WS /ws/groups/{group_id} closes with 4401 for a forged, cut or made-up token."""
    group = new_group(client, auth, unique, "bob")
    token = token_of(auth, "bob")
    header, payload, signature = token.split(".")
    for bad in (
        "not-a-token",
        f"{header}.{payload}.{signature[:-4]}AAAA",
        f"{header}.{payload}.",
        f"{header}.{payload}",
        f"Bearer {token}",
    ):
        closed = refusal(client, group["id"], {"type": "auth", "token": bad})
        assert closed.code == 4401, f"expected close code 4401, got {closed.code}"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 3", "error line 2")
def test_the_token_is_checked_before_the_group(client, auth, unique, missing_id):
    """WS /ws/groups/{group_id} closes with 4401 for a bad token, whatever the group."""
    group = new_group(client, auth, unique, "bob")
    for group_id in (missing_id(), group["id"]):
        closed = refusal(client, group_id, {"type": "auth", "token": "not-a-token"})
        assert closed.code == 4401, f"expected close code 4401, got {closed.code}"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 4", "error line 3")
def test_an_outsider_and_an_unknown_group_are_closed_alike_with_4404(
    client, auth, unique, missing_id
):
    """WS /ws/groups/{group_id} closes with 4404 both for a group that does not exist and for
    one the user is not in, with a reason that names nothing of the group."""
    group = new_group(client, auth, unique, "bob")
    note = write(client, auth, unique, group, "bob", body=unique("Secret body"))
    outsider = refusal(client, group["id"], auth_message(auth, "dave"))
    unknown = refusal(client, missing_id(), auth_message(auth, "dave"))
    assert (outsider.code, unknown.code) == (4404, 4404), (
        f"expected close codes 4404 and 4404, got {outsider.code} and {unknown.code}"
    )
    for secret in (group["name"], note["title"], note["body"], "alice", "bob"):
        assert secret not in outsider.reason, "the reason names something of the group"


@pytest.mark.contract("WS /ws/groups/{group_id}", "behavior 4", "behavior 8", "error line 3")
def test_a_member_who_rejoins_listens_again_and_an_outsider_never(client, auth, unique):
    """WS /ws/groups/{group_id} refuses a user who left with 4404 and takes them back once
    they join again."""
    group = new_group(client, auth, unique, "bob")
    left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert left.status_code == 204, f"leaving: expected 204, got {left.status_code}"
    closed = refusal(client, group["id"], auth_message(auth, "bob"))
    assert closed.code == 4404, f"expected close code 4404, got {closed.code}"
    joined = client.post(f"/api/groups/{group['id']}/members", headers=auth("bob"))
    assert joined.status_code == 201, f"joining again: expected 201, got {joined.status_code}"
    with listening(client, auth, group["id"], "bob") as bob:
        note = write(client, auth, unique, group)
        assert bob.receive() == {"type": "note.created", "note": note}
