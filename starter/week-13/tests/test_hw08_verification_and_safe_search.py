"""HW8 contract: a verified address, and a search that is only ever text.

POST /api/auth/verify     the token of the emailed link: 200 with the user, `verified_at` now
                          set; an unknown, used or expired token, or one from an older email,
                          400 `verification_failed`
POST /api/groups          an unverified user gets 403 and nothing is created
GET /api/courses?search=  courses whose code or title contains the text, in any case; every
                          character is itself: `%`, `_`, quotes and SQL are never more

Each test registers an account of its own and reads its token from the email the app sent
(the `mailbox` fixture), so the tests run in any order, also against a live server.
"""

import asyncio
import os
import string

import pytest
from sent_mail import Mailbox

from helpers import error_of

pytestmark = pytest.mark.homework("hw08")

LIVE = bool(os.environ.get("COURSEHUB_TEST_BASE_URL"))
PASSWORD = "correct horse battery"
USER_FIELDS = {"id", "username", "email", "full_name", "role", "created_at", "verified_at"}
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@pytest.fixture
def new_account(client, unique, mailbox: Mailbox):
    """A newly registered, so unverified, student: their address, headers and emailed token."""

    def register() -> dict:
        name = unique("user").replace(" ", "_").lower()
        email = f"{name}@example.edu"
        account = {"username": f"u{name}"[:30], "email": email, "password": PASSWORD}
        created = client.post("/api/auth/register", json=account)
        assert created.status_code == 201, created.text
        login = {"username": account["username"], "password": PASSWORD}
        token = client.post("/api/auth/login", json=login).json()["access_token"]
        return {
            "user": created.json(),
            "email": email,
            "headers": {"Authorization": f"Bearer {token}"},
            "token": mailbox.latest_token(email),
        }

    return register


def verify(client, token: str):
    return client.post("/api/auth/verify", json={"token": token})


def verified_at(db, email: str):
    return db("SELECT verified_at FROM users WHERE email = :email", email=email)[0]["verified_at"]


def expire_tokens(database_url: str, email: str) -> None:
    """Let the account's tokens expire as if their hours had passed: `expires_at` goes back to
    the moment each was sent."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def run() -> None:
        engine = create_async_engine(database_url)
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "UPDATE verification_tokens SET expires_at = created_at WHERE user_id = "
                    "(SELECT id FROM users WHERE email = :email)"
                ),
                {"email": email},
            )
        await engine.dispose()

    asyncio.run(run())


@pytest.mark.contract(
    "POST /api/auth/verify",
    "paragraph 1",
    "input token",
    "input Authorization",
    "behavior 6",
    "behavior 7",
    "output 200",
)
def test_the_emailed_token_verifies_the_account(client, new_account):
    account = new_account()
    assert account["user"]["verified_at"] is None
    response = verify(client, account["token"])  # no Authorization header: none is needed
    assert response.status_code == 200
    user = response.json()
    assert set(user) == USER_FIELDS
    assert (user["id"], user["email"]) == (account["user"]["id"], account["email"])
    assert user["verified_at"] is not None
    me = client.get("/api/users/me", headers=account["headers"]).json()
    assert me["verified_at"] == user["verified_at"]


@pytest.mark.contract("POST /api/auth/verify", "behavior 3", "error 400")
def test_a_token_works_once(client, new_account):
    account = new_account()
    assert verify(client, account["token"]).status_code == 200
    again = error_of(verify(client, account["token"]), 400)
    assert again["code"] == "verification_failed"
    unknown = error_of(verify(client, "an-unknown-token-" + account["token"][:20]), 400)
    assert again["detail"] == unknown["detail"]


@pytest.mark.contract("POST /api/auth/verify", "behavior 2", "behavior 6", "error 400")
def test_an_unknown_token_verifies_nobody(client, new_account, db):
    account = new_account()
    refused = error_of(verify(client, account["token"][::-1]), 400)
    assert refused["code"] == "verification_failed"
    assert verified_at(db, account["email"]) is None


@pytest.mark.contract("POST /api/auth/verify", "behavior 4", "error 400")
def test_an_expired_token_is_refused(client, new_account, database_url, db):
    account = new_account()
    token = account["token"]
    if LIVE:
        # The server's database and clock are not ours to change: a newer email expires
        # this token at once (the given send_verification), which is the same check.
        new_address = f"new.{account['email']}"
        changed = client.patch(
            "/api/users/me", json={"email": new_address}, headers=account["headers"]
        )
        assert changed.status_code == 200, changed.text
        account["email"] = new_address
    else:
        expire_tokens(database_url, account["email"])
    refused = error_of(verify(client, token), 400)
    assert refused["code"] == "verification_failed"
    assert "expired" in refused["detail"].lower()
    assert verified_at(db, account["email"]) is None


@pytest.mark.contract("POST /api/auth/verify", "behavior 5", "error 400")
def test_a_token_from_an_older_email_stops_working(client, new_account, mailbox: Mailbox):
    account = new_account()
    new_address = f"new.{account['email']}"
    changed = client.patch("/api/users/me", json={"email": new_address}, headers=account["headers"])
    assert changed.status_code == 200, changed.text
    older = error_of(verify(client, account["token"]), 400)
    assert older["code"] == "verification_failed"
    newer = verify(client, mailbox.latest_token(new_address))
    assert newer.status_code == 200
    assert newer.json()["email"] == new_address


@pytest.mark.contract("POST /api/groups", "behavior 2", "behavior 4", "error 403")
def test_an_unverified_user_gets_403_and_no_group(client, new_account, unique, db):
    account = new_account()
    payload = {"name": unique("Unverified group"), "course_id": 1}
    refused = client.post("/api/groups", json=payload, headers=account["headers"])
    assert error_of(refused, 403)["code"] == "forbidden"
    assert db("SELECT id FROM study_groups WHERE name = :name", name=payload["name"]) == []
    assert verify(client, account["token"]).status_code == 200
    created = client.post("/api/groups", json=payload, headers=account["headers"])
    assert created.status_code == 201
    assert created.json()["member_count"] == 1


def new_course(client, auth, unique_code, title: str) -> dict:
    response = client.post(
        "/api/courses", json={"code": unique_code(), "title": title}, headers=auth("carol")
    )
    assert response.status_code == 201, response.text
    return response.json()


def search(client, text: str) -> list[str]:
    response = client.get("/api/courses", params={"search": text})
    assert response.status_code == 200, f"search {text!r}: {response.status_code}"
    return [course["code"] for course in response.json()]


def containing(client, text: str) -> list[str]:
    """What a search for `text` must find: every course whose code or title holds it."""
    needle = text.strip().translate(ASCII_LOWER)
    return [
        course["code"]
        for course in client.get("/api/courses").json()
        if needle in course["code"].translate(ASCII_LOWER)
        or needle in course["title"].translate(ASCII_LOWER)
    ]


@pytest.mark.contract(
    "GET /api/courses?search=", "paragraph 1", "input search", "behavior 2", "output 200"
)
def test_search_matches_code_or_title_in_any_case(client, auth, unique, unique_code):
    name = unique("Seminar")
    course = new_course(client, auth, unique_code, f"{name}: O'Brien's reading list")
    assert search(client, f"  {name.upper()}: o'BRIEN  ") == [course["code"]]
    assert search(client, course["code"].lower()) == [course["code"]]
    listed = client.get("/api/courses", params={"search": f"{name}:"}).json()
    assert listed == [course]


@pytest.mark.contract("GET /api/courses?search=", "behavior 3")
def test_percent_and_underscore_match_only_themselves(client, auth, unique, unique_code):
    name = unique("Rates")
    percent = new_course(client, auth, unique_code, f"{name} 100% pass")
    new_course(client, auth, unique_code, f"{name} 1000 passes")
    underscore = new_course(client, auth, unique_code, f"{name} snake_case")
    new_course(client, auth, unique_code, f"{name} snakeXcase")
    assert search(client, f"{name} 100%") == [percent["code"]]
    assert search(client, f"{name} snake_case") == [underscore["code"]]


@pytest.mark.contract("GET /api/courses?search=", "behavior 4", "behavior 5")
def test_quotes_and_sql_are_only_text(client, auth, unique, unique_code):
    new_course(client, auth, unique_code, f"{unique('Logic')}: ' OR '1'='1 explained")
    for text in ("' OR '1'='1", "'", "' UNION SELECT id FROM users --"):
        assert search(client, text) == containing(client, text)
    assert search(client, f"{unique('Nothing')} ' OR '1'='1") == []


@pytest.mark.contract("GET /api/courses?search=", "behavior 1", "error 422")
def test_a_blank_search_lists_every_course_and_a_long_one_is_refused(client):
    every = [course["code"] for course in client.get("/api/courses").json()]
    assert search(client, "") == every
    assert search(client, "   ") == every
    assert search(client, "%" * 100) == containing(client, "%" * 100)  # the longest allowed
    refused = error_of(client.get("/api/courses", params={"search": "x" * 101}), 422)
    assert [error["field"] for error in refused["errors"]] == ["search"]
