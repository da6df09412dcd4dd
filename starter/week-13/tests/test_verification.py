"""Verification emails (given in week 9): registering sends one over SMTP, a user may ask
for another, and a changed address must be verified again. Using the token is HW8."""

import hashlib
import os
from collections.abc import Callable, Iterator

import httpx
import pytest
from sent_mail import Mailbox

from helpers import error_of

IN_PROCESS_ONLY = pytest.mark.skipif(
    bool(os.environ.get("COURSEHUB_TEST_BASE_URL")),
    reason="starts an app of its own, with a mail server or a database that fails",
)


def register(client: httpx.Client, unique: Callable[[str], str]) -> dict[str, str]:
    name = unique("user").replace(" ", "_").lower()
    account = {
        "username": f"u{name}"[:30],
        "email": f"{name}@example.edu",
        "password": "correct horse battery",
    }
    response = client.post("/api/auth/register", json=account)
    assert response.status_code == 201, response.text
    return account


def log_in(client: httpx.Client, account: dict[str, str]) -> dict[str, str]:
    response = client.post(
        "/api/auth/login", json={"username": account["username"], "password": account["password"]}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_registering_sends_one_verification_email(client, unique, mailbox: Mailbox) -> None:
    account = register(client, unique)
    sent = mailbox.to(account["email"])
    assert len(sent) == 1
    subject = str(sent[0]["Subject"]).lower()
    assert "verify" in subject or "confirm" in subject
    assert account["password"] not in sent[0].get_content()
    assert mailbox.latest_token(account["email"])


def test_a_new_account_is_not_verified_and_sample_accounts_are(client, unique, auth) -> None:
    account = register(client, unique)
    me = client.get("/api/users/me", headers=log_in(client, account)).json()
    assert me["verified_at"] is None
    assert client.get("/api/users/me", headers=auth("alice")).json()["verified_at"] is not None


def test_only_a_hash_of_the_token_is_stored(client, unique, mailbox: Mailbox, db) -> None:
    account = register(client, unique)
    token = mailbox.latest_token(account["email"])
    rows = db(
        "SELECT token_hash FROM verification_tokens JOIN users ON users.id = user_id "
        "WHERE users.email = :email",
        email=account["email"],
    )
    assert [row["token_hash"] for row in rows] == [hashlib.sha256(token.encode()).hexdigest()]


def test_asking_again_sends_a_new_token(client, unique, mailbox: Mailbox) -> None:
    account = register(client, unique)
    headers = log_in(client, account)
    first = mailbox.latest_token(account["email"])
    assert client.post("/api/auth/verify/resend", headers=headers).status_code == 204
    assert len(mailbox.to(account["email"])) == 2
    assert mailbox.latest_token(account["email"]) != first


def test_three_emails_an_hour_at_most(client, unique, mailbox: Mailbox) -> None:
    account = register(client, unique)
    headers = log_in(client, account)
    for _ in range(2):
        assert client.post("/api/auth/verify/resend", headers=headers).status_code == 204
    refused = client.post("/api/auth/verify/resend", headers=headers)
    error_of(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert len(mailbox.to(account["email"])) == 3


def test_a_verified_user_gets_no_new_email(client, auth) -> None:
    error_of(client.post("/api/auth/verify/resend", headers=auth("bob")), 409)


def test_asking_for_an_email_needs_a_token(client) -> None:
    error_of(client.post("/api/auth/verify/resend"), 401)


def test_a_changed_address_must_be_verified_again(client, auth, unique, mailbox: Mailbox) -> None:
    account = register(client, unique)
    headers = log_in(client, account)
    new_address = f"new.{account['email']}"
    changed = client.patch("/api/users/me", json={"email": new_address}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["verified_at"] is None
    assert len(mailbox.to(new_address)) == 1


@pytest.fixture
def app_without_mail(tmp_path) -> Iterator[httpx.Client]:
    from fastapi.testclient import TestClient
    from sent_mail import free_port

    from coursehub.core.config import Settings
    from coursehub.main import create_app

    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        seed_sample_data=True,
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
        argon2_parallelism=1,
        smtp_port=free_port(),  # nothing listens there
        smtp_timeout_seconds=2,
    )
    with TestClient(create_app(settings)) as client:
        yield client


@IN_PROCESS_ONLY
def test_without_a_mail_server_registering_works_and_asking_again_answers_503(
    app_without_mail, unique
) -> None:
    account = register(app_without_mail, unique)
    refused = app_without_mail.post(
        "/api/auth/verify/resend", headers=log_in(app_without_mail, account)
    )
    error_of(refused, 503)
    assert "Retry-After" in refused.headers
