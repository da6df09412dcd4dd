"""HW10, model answer: the auth flows, where a bug lets the wrong person in or locks the
right one out.

Logging in and what a token is worth afterwards (its lifetime, a password change, the limit
on failed logins, the OAuth2 form), and proving an email address (the emailed link, a newer
email, a changed address). Every test registers accounts of its own, so the tests run in any
order, also against a live server, and never lock out a sample user that other tests need.
The email the app sent is read with `mailbox`; what it stored, with `db`.
"""

import base64
import json
import os
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sent_mail import Mailbox

from helpers import error_of

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a different, longer passphrase"
# Failed logins one username may have before the next attempt answers 429.
LOGIN_LIMIT = 10
IN_PROCESS_ONLY = pytest.mark.skipif(
    bool(os.environ.get("COURSEHUB_TEST_BASE_URL")),
    reason="a unit test of app code: a live server's code is not ours to import",
)

Account = dict[str, Any]


@pytest.fixture
def new_account(client: httpx.Client, unique: Callable[[str], str]) -> Callable[[], Account]:
    """Register a student of its own per call (unverified, password PASSWORD)."""

    def register() -> Account:
        name = unique("user").lower().replace(" ", "_")
        account = {"username": f"u{name}"[:30], "email": f"{name}@example.edu"}
        response = client.post("/api/auth/register", json=account | {"password": PASSWORD})
        assert response.status_code == 201, response.text
        return account | {"id": response.json()["id"]}

    return register


def log_in(client: httpx.Client, login: str, password: str = PASSWORD) -> httpx.Response:
    return client.post("/api/auth/login", json={"username": login, "password": password})


def bearer(response: httpx.Response) -> dict[str, str]:
    """The Authorization header of a successful login's token."""
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def claims_of(headers: dict[str, str]) -> dict[str, Any]:
    """The claims of a bearer token. A JWT's payload is signed, not hidden: anyone can read it."""
    payload = headers["Authorization"].removeprefix("Bearer ").split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def me(client: httpx.Client, headers: dict[str, str]) -> httpx.Response:
    return client.get("/api/users/me", headers=headers)


def change_password(client: httpx.Client, headers: dict[str, str]) -> httpx.Response:
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    return client.post("/api/auth/password", json=change, headers=headers)


def verify(client: httpx.Client, token: str) -> httpx.Response:
    return client.post("/api/auth/verify", json={"token": token})


def course_id_of(client: httpx.Client, code: str) -> int:
    return next(c["id"] for c in client.get("/api/courses").json() if c["code"] == code)


# Logging in and the token it gives.


def test_a_login_says_in_seconds_how_long_its_token_lasts(client, new_account):
    account = new_account()
    response = log_in(client, account["username"])
    claims = claims_of(bearer(response))
    assert response.json()["expires_in"] == claims["exp"] - claims["iat"]
    assert response.headers.get("cache-control") == "no-store"


# A password change: the new password is the only one, and older tokens stop working.


def test_after_a_password_change_only_the_new_password_logs_in(client, new_account):
    account = new_account()
    assert change_password(client, bearer(log_in(client, account["username"]))).status_code == 204
    assert me(client, bearer(log_in(client, account["username"], NEW_PASSWORD))).status_code == 200
    refused = error_of(log_in(client, account["username"]), 401)
    assert refused["code"] == "not_authenticated"


def a_token_of_a_later_second(client: httpx.Client, login: str, than: int) -> dict[str, str]:
    """Log in until the server issues a token whose `iat` is past `than`.

    Tokens carry whole seconds, and one issued in the very second of a password change still
    works by design. To check that an older token is refused, its second must have passed
    before the change: the server's own clock says when it has."""
    for _ in range(2000):
        headers = bearer(log_in(client, login))
        if claims_of(headers)["iat"] > than:
            return headers
    raise AssertionError("the server issued tokens of one second for 2000 logins")


def test_a_password_change_logs_out_every_earlier_token(client, new_account):
    account = new_account()
    earlier = bearer(log_in(client, account["username"]))
    later = a_token_of_a_later_second(client, account["username"], claims_of(earlier)["iat"])
    assert change_password(client, later).status_code == 204
    refused = error_of(me(client, earlier), 401)
    assert refused["code"] == "not_authenticated"
    assert me(client, bearer(log_in(client, account["username"], NEW_PASSWORD))).status_code == 200


# The limit on failed logins: ten per username, then 429 with Retry-After.


def assert_blocked(response: httpx.Response) -> None:
    assert error_of(response, 429)["code"] == "too_many_requests"
    assert int(response.headers["retry-after"]) > 0
    assert "access_token" not in response.text


def test_a_blocked_username_is_refused_even_with_the_right_password(client, new_account):
    account = new_account()
    for _ in range(LOGIN_LIMIT):
        error_of(log_in(client, account["username"], "not the password"), 401)
    assert_blocked(log_in(client, account["username"]))


def test_failed_logins_through_the_token_form_count_toward_the_same_limit(client, unique):
    login = unique("nobody").lower().replace(" ", "_")
    for _ in range(LOGIN_LIMIT):
        form = {"username": login, "password": "a guess"}
        error_of(client.post("/api/auth/token", data=form), 401)
    assert_blocked(log_in(client, login, "another guess"))
    assert_blocked(client.post("/api/auth/token", data={"username": login, "password": "more"}))


def test_a_successful_login_wipes_out_the_failed_ones(client, new_account):
    account = new_account()
    for _ in range(2):
        for _ in range(LOGIN_LIMIT - 1):
            error_of(log_in(client, account["username"], "not the password"), 401)
        assert log_in(client, account["username"]).status_code == 200


def test_wrong_current_passwords_count_as_failed_logins(client, new_account):
    account = new_account()
    headers = bearer(log_in(client, account["username"]))
    change = {"current_password": "not the password", "new_password": NEW_PASSWORD}
    for _ in range(LOGIN_LIMIT):
        error_of(client.post("/api/auth/password", json=change, headers=headers), 401)
    assert_blocked(log_in(client, account["username"]))


# Verifying an email address: only the latest email's link works, once, for its own account.


def test_a_newer_email_retires_the_older_link_as_expired(client, new_account, mailbox: Mailbox, db):
    account = new_account()
    older = mailbox.latest_token(account["email"])
    headers = bearer(log_in(client, account["username"]))
    assert client.post("/api/auth/verify/resend", headers=headers).status_code == 204
    refused = error_of(verify(client, older), 400)
    assert refused["code"] == "verification_failed"
    assert "expired" in refused["detail"].lower()
    rows = db("SELECT verified_at FROM users WHERE id = :id", id=account["id"])
    assert rows == [{"verified_at": None}]
    assert verify(client, mailbox.latest_token(account["email"])).status_code == 200


def test_another_accounts_email_leaves_my_link_working(client, new_account, mailbox: Mailbox):
    mine = new_account()
    theirs = new_account()  # its email is sent after mine
    verified = verify(client, mailbox.latest_token(mine["email"]))
    assert verified.status_code == 200
    assert (verified.json()["id"], verified.json()["email"]) == (mine["id"], mine["email"])
    assert verify(client, mailbox.latest_token(theirs["email"])).status_code == 200


def test_sending_my_own_address_again_keeps_me_verified(
    client, new_account, unique, mailbox: Mailbox
):
    account = new_account()
    verified_at = verify(client, mailbox.latest_token(account["email"])).json()["verified_at"]
    headers = bearer(log_in(client, account["username"]))
    same = client.patch("/api/users/me", json={"email": account["email"].upper()}, headers=headers)
    assert same.status_code == 200, same.text
    assert (same.json()["email"], same.json()["verified_at"]) == (account["email"], verified_at)
    assert len(mailbox.to(account["email"])) == 1, "no new email for an address already proven"
    group = {"name": unique("Still verified"), "course_id": course_id_of(client, "CS-101")}
    assert client.post("/api/groups", json=group, headers=headers).status_code == 201


def test_verify_refuses_malformed_input_with_422_and_spends_nothing(
    client, new_account, mailbox: Mailbox, db
):
    account = new_account()
    token = mailbox.latest_token(account["email"])
    for body in ({"token": token, "user_id": 1}, {"token": f"{token}!"}, {"token": ""}, {}):
        assert error_of(client.post("/api/auth/verify", json=body), 422)["errors"], body
    assert db("SELECT verified_at FROM users WHERE id = :id", id=account["id"]) == [
        {"verified_at": None}
    ]
    assert verify(client, token).status_code == 200


def test_an_unverified_account_gets_403_before_its_body_or_course_is_read(
    client, new_account, unique, missing_id, db
):
    account = new_account()
    headers = bearer(log_in(client, account["username"]))
    name = unique("Too early")
    course_id = course_id_of(client, "CS-101")
    for body in (
        {},
        {"name": name, "course_id": missing_id()},
        {"name": name, "course_id": course_id},
    ):
        refused = client.post("/api/groups", json=body, headers=headers)
        assert error_of(refused, 403)["code"] == "forbidden", body
    assert db("SELECT id FROM study_groups WHERE name = :name", name=name) == []


# Below HTTP: the one piece of real logic that no request can reach, the key rotation.


@IN_PROCESS_ONLY
def test_a_token_of_a_retired_key_is_read_only_while_that_key_is_listed():
    from coursehub.core.config import Settings
    from coursehub.core.security import (
        InvalidTokenError,
        create_access_token,
        read_access_token,
    )

    old_key, new_key = "an old key of at least 32 characters", "the new key, also 32 characters!"
    token = create_access_token(7, Settings(secret_key=old_key))
    rotating = Settings(secret_key=new_key, previous_secret_keys=[old_key])
    assert read_access_token(token, rotating).user_id == 7
    with pytest.raises(InvalidTokenError):
        read_access_token(token, Settings(secret_key=new_key))
