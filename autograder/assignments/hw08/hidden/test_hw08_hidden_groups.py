"""Hidden HW8 contracts: only verified users create study groups, and verifying is the key."""

import pytest
from hw08_hidden_helpers import change_address, forged, register, verify

from helpers import error_of

pytestmark = pytest.mark.homework("hw08")


def group_rows(db, name):
    return db("SELECT id, created_by_id FROM study_groups WHERE name = :name", name=name)


def memberships_of(db, user_id):
    return db("SELECT group_id FROM memberships WHERE user_id = :id", id=user_id)


def unverified_403(response):
    body = error_of(response, 403)
    assert body["code"] == "forbidden", "expected the code forbidden"
    assert "verif" in body["detail"].lower(), "the 403 should say how to verify"
    return body


@pytest.mark.contract("POST /api/groups", "paragraph 1", "behavior 2", "error 403")
def test_an_unverified_user_gets_403_and_nothing_is_created(client, unique, mailbox, db):
    """POST /api/groups by an unverified user answers 403 and creates no group and no membership."""
    account = register(client, unique, mailbox)
    name = unique("Unverified group")
    response = client.post(
        "/api/groups", json={"name": name, "course_id": 1}, headers=account["headers"]
    )
    unverified_403(response)
    assert group_rows(db, name) == []
    assert memberships_of(db, account["user"]["id"]) == []
    assert name not in [group["name"] for group in client.get("/api/groups").json()]


@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 3")
def test_the_verification_is_checked_before_the_body_and_the_course(
    client, unique, mailbox, auth, missing_id, db
):
    """An unverified user gets 403 for any body and any course; a verified one, 422 and 404."""
    account = register(client, unique, mailbox)
    name = unique("Early group")
    for body in (
        {},
        {"name": "x"},
        {"name": name, "course_id": 0},
        {"name": name, "course_id": 1, "max_members": 99},
        {"name": name, "course_id": missing_id()},
    ):
        unverified_403(client.post("/api/groups", json=body, headers=account["headers"]))
    assert group_rows(db, name) == []
    error_of(client.post("/api/groups", json={"name": "x"}, headers=auth("bob")), 422)
    unknown = {"name": name, "course_id": missing_id()}
    error_of(client.post("/api/groups", json=unknown, headers=auth("bob")), 404)


@pytest.mark.contract(
    "POST /api/groups", "input Authorization", "behavior 3", "behavior 4", "error 403"
)
def test_verifying_lifts_the_403(client, unique, mailbox, db):
    """The request refused with 403 before verifying answers 201 after, with the creator in."""
    account = register(client, unique, mailbox)
    payload = {"name": unique("Verified group"), "course_id": 1}
    unverified_403(client.post("/api/groups", json=payload, headers=account["headers"]))
    assert verify(client, account["token"]).status_code == 200
    response = client.post("/api/groups", json=payload, headers=account["headers"])
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    group = response.json()
    assert (group["name"], group["member_count"], group["course"]["id"]) == (payload["name"], 1, 1)
    user_id = account["user"]["id"]
    assert group_rows(db, payload["name"]) == [{"id": group["id"], "created_by_id": user_id}]
    assert memberships_of(db, user_id) == [{"group_id": group["id"]}]


@pytest.mark.contract("POST /api/groups", "behavior 4")
def test_a_new_address_must_be_verified_before_the_next_group(client, unique, mailbox, db):
    """After a change of address, POST /api/groups answers 403 until the new one is verified."""
    account = register(client, unique, mailbox)
    assert verify(client, account["token"]).status_code == 200
    first = {"name": unique("First group"), "course_id": 1}
    created = client.post("/api/groups", json=first, headers=account["headers"])
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    token = change_address(client, mailbox, account)
    second = {"name": unique("Second group"), "course_id": 1}
    unverified_403(client.post("/api/groups", json=second, headers=account["headers"]))
    assert group_rows(db, second["name"]) == []
    assert verify(client, token).status_code == 200
    again = client.post("/api/groups", json=second, headers=account["headers"])
    assert again.status_code == 201, f"expected 201, got {again.status_code}"


@pytest.mark.contract("POST /api/groups", "input Authorization", "behavior 1", "error 401")
def test_the_token_is_checked_before_the_verification(client, unique, mailbox, db):
    """POST /api/groups without a valid token answers 401, whatever the body; then 403."""
    account = register(client, unique, mailbox)
    name = unique("Anonymous group")
    for headers in ({}, forged(account["headers"]), {"Authorization": "Bearer not-a-token"}):
        for body in ({"name": name, "course_id": 1}, {}):
            response = client.post("/api/groups", json=body, headers=headers)
            assert error_of(response, 401)["code"] == "not_authenticated"
    assert group_rows(db, name) == []
    response = client.post(
        "/api/groups", json={"name": name, "course_id": 1}, headers=account["headers"]
    )
    unverified_403(response)


@pytest.mark.contract("POST /api/groups", "paragraph 1", "behavior 3")
def test_sample_users_are_verified_and_create_groups(client, unique, mailbox, auth, db):
    """The sample users (students and staff) are verified: their groups are created with 201."""
    for user in ("alice", "carol", "erin"):
        payload = {"name": unique("Sample group"), "course_id": 2}
        response = client.post("/api/groups", json=payload, headers=auth(user))
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        assert response.json()["member_count"] == 1
    account = register(client, unique, mailbox)
    payload = {"name": unique("Newcomer group"), "course_id": 2}
    unverified_403(client.post("/api/groups", json=payload, headers=account["headers"]))
