"""Hidden HW8 contracts: the emailed token verifies its account once, and only the newest."""

import hashlib
import secrets
from datetime import datetime

import pytest
from hw08_hidden_helpers import (
    USER_FIELDS,
    change_address,
    forged,
    register,
    token_rows,
    verified_at,
    verify,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw08")


def refused(response):
    """A 400 `verification_failed`; its body."""
    body = error_of(response, 400)
    assert body["code"] == "verification_failed", "expected the code verification_failed"
    return body


@pytest.mark.contract(
    "POST /api/auth/verify",
    "paragraph 1",
    "input token",
    "behavior 6",
    "behavior 7",
    "output 200",
)
def test_the_token_verifies_its_account_without_a_login(client, unique, mailbox, db):
    """POST /api/auth/verify with the emailed token answers 200 with the user, now verified."""
    account = register(client, unique, mailbox)
    before = client.get("/api/users/me", headers=account["headers"]).json()
    assert before["verified_at"] is None and verified_at(db, before["id"]) is None
    response = verify(client, account["token"])
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    user = response.json()
    assert set(user) == USER_FIELDS
    assert {k: v for k, v in user.items() if k != "verified_at"} == {
        k: v for k, v in before.items() if k != "verified_at"
    }
    moment = datetime.fromisoformat(user["verified_at"])
    assert moment >= datetime.fromisoformat(before["created_at"])
    assert verified_at(db, user["id"]) is not None
    assert [row["used_at"] is not None for row in token_rows(db, user["id"])] == [True]
    me = client.get("/api/users/me", headers=account["headers"]).json()
    assert me == user


@pytest.mark.contract("POST /api/auth/verify", "input Authorization", "behavior 6")
def test_the_token_alone_says_whose_address_is_verified(client, unique, mailbox, auth, db):
    """POST /api/auth/verify verifies the token's user, whatever Authorization header is sent."""
    first, second = register(client, unique, mailbox), register(client, unique, mailbox)
    response = verify(client, first["token"], headers=second["headers"])
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json()["id"] == first["user"]["id"]
    assert verified_at(db, second["user"]["id"]) is None
    again = verify(client, second["token"], headers=forged(auth("bob")))
    assert again.status_code == 200, f"expected 200, got {again.status_code}"
    assert again.json()["email"] == second["email"]
    assert verified_at(db, second["user"]["id"]) is not None


@pytest.mark.contract("POST /api/auth/verify", "behavior 3", "behavior 6", "error 400")
def test_a_used_token_answers_like_an_unknown_one(client, unique, mailbox, db):
    """A token used once answers 400 ever after, with the detail of a token that never existed."""
    account = register(client, unique, mailbox)
    assert verify(client, account["token"]).status_code == 200
    first = verified_at(db, account["user"]["id"])
    unknown = refused(verify(client, secrets.token_urlsafe(32)))
    for _ in range(2):
        again = refused(verify(client, account["token"]))
        assert again["detail"] == unknown["detail"], (
            "a used token and an unknown one must get the same detail"
        )
    assert verified_at(db, account["user"]["id"]) == first, "a refused token changed verified_at"


@pytest.mark.contract("POST /api/auth/verify", "behavior 2", "behavior 6", "error 400")
def test_no_other_text_verifies_and_none_spends_the_token(client, unique, mailbox, db):
    """Only the emailed token verifies: not a changed one, nor its stored hash (each a 400)."""
    account = register(client, unique, mailbox)
    token = account["token"]
    stored = token_rows(db, account["user"]["id"])
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (secrets.token_urlsafe(32), changed, hashlib.sha256(token.encode()).hexdigest()):
        refused(verify(client, wrong))
    assert verified_at(db, account["user"]["id"]) is None
    assert token_rows(db, account["user"]["id"]) == stored, "a refused request changed a token"
    assert verify(client, token).status_code == 200


@pytest.mark.contract("POST /api/auth/verify", "behavior 4", "behavior 5", "error 400")
def test_only_the_latest_emails_token_verifies(client, unique, mailbox, db):
    """A token from an older email answers 400 like an expired one, even before the newest is
    used; the newest verifies."""
    account = register(client, unique, mailbox)
    first = account["token"]
    second = change_address(client, mailbox, account, "new")
    third = change_address(client, mailbox, account, "again")
    for older in (first, second):
        body = refused(verify(client, older))
        assert "expired" in body["detail"].lower(), "the detail should say the token expired"
    assert verified_at(db, account["user"]["id"]) is None
    response = verify(client, third)
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json()["email"] == account["email"]
    for older in (first, second):
        refused(verify(client, older))


@pytest.mark.contract(
    "POST /api/auth/verify", "input token", "input line 2", "behavior 1", "error 422"
)
def test_a_malformed_body_verifies_nobody(client, unique, mailbox, db):
    """POST /api/auth/verify answers 422 for a missing, empty, long or odd token or an extra
    field, and verifies nobody; the real token still works afterwards."""
    account = register(client, unique, mailbox)
    token = account["token"]
    for body in (
        {},
        {"token": ""},
        {"token": None},
        {"token": 12345},
        {"token": "a" * 201},
        {"token": f"{token} "},
        {"token": "not/a+token="},
        {"token": token, "user_id": 1},
        {"token": token, "email": "someone@example.edu"},
    ):
        response = client.post("/api/auth/verify", json=body)
        assert error_of(response, 422)["code"] == "validation_error"
    assert verified_at(db, account["user"]["id"]) is None
    assert verify(client, token).status_code == 200
