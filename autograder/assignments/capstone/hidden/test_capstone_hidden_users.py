"""Hidden contracts of milestone 1's users: registering, logging in, the current user and
changing it."""

import jwt
import pytest
from capstone_hidden_helpers import bearer, error_of, forged, logs_in, register

from helpers import token_headers

pytestmark = pytest.mark.homework("capstone")

USER_FIELDS = {"email", "token", "username", "bio", "image"}


@pytest.mark.contract(
    "POST /api/users",
    "paragraph 1",
    "input user",
    "behavior 1",
    "output 201",
    "output email",
    "output token",
    "output username",
    "output bio",
    "output image",
)
@pytest.mark.contract("GET /api/user", "paragraph 1", "behavior 1")
def test_registering_answers_the_new_user_whose_token_works_at_once(client, unique):
    """POST /api/users answers 201 with the user (email, token, username, bio, image), and
    its token works on GET /api/user."""
    name = unique("reg")
    user = {"username": name, "email": f"{name}@example.org", "password": "long-enough"}
    response = client.post("/api/users", json={"user": user})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user"}, 'the answer is {"user": {...}}'
    registered = body["user"]
    assert set(registered) == USER_FIELDS, "the user has exactly email, token, username, bio, image"
    assert registered["email"] == f"{name}@example.org", "email is the address registered"
    assert registered["username"] == name, "username is the name registered"
    assert registered["bio"] is None and registered["image"] is None, "a new user has no bio, image"
    me = client.get("/api/user", headers=token_headers(registered["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["username"] == name, "GET /api/user answers the token's user"
    assert me.json()["user"]["token"] == registered["token"], "GET /api/user shows the token sent"


@pytest.mark.contract("POST /api/users", "behavior 1")
def test_the_password_is_stored_only_as_an_argon2_hash(client, unique, db):
    """POST /api/users stores an Argon2 hash of the password, never the password."""
    account = register(client, unique)
    rows = db("SELECT hashed_password FROM users WHERE username = :u", u=account.username)
    assert len(rows) == 1, "the new user is stored"
    stored = rows[0]["hashed_password"]
    assert account.password not in stored, "the stored value must not contain the password"
    assert stored.startswith("$argon2"), "the stored value is an Argon2 hash"


@pytest.mark.contract("POST /api/users", "behavior 2")
@pytest.mark.contract("POST /api/users/login", "behavior 1")
def test_usernames_and_emails_are_kept_in_lower_case(client, unique):
    """POST /api/users stores the username and email in lower case, and logging in takes
    the email in any case."""
    name = unique("Jake")
    user = {"username": name, "email": f"{name}@Example.ORG", "password": "long-enough"}
    response = client.post("/api/users", json={"user": user})
    assert response.status_code == 201
    registered = response.json()["user"]
    assert registered["username"] == name.lower(), "the username is kept in lower case"
    assert registered["email"] == f"{name}@example.org".lower(), "the email is kept in lower case"
    again = logs_in(client, f"{name}@EXAMPLE.org".upper(), "long-enough")
    assert again.status_code == 200, "the email logs in in any case"


@pytest.mark.contract("POST /api/users", "behavior 3", "error 422")
def test_a_taken_email_or_username_answers_422_naming_it_and_stores_nothing(client, unique, db):
    """POST /api/users with an email or username another account has (in any case) answers
    422 naming what is taken, and stores nothing."""
    first = register(client, unique)
    other = unique("other")
    cases = [
        ({"username": other, "email": first.email.upper()}, "email"),
        ({"username": first.username.upper(), "email": f"{other}@example.org"}, "username"),
    ]
    for fields, taken in cases:
        response = client.post("/api/users", json={"user": fields | {"password": "long-enough"}})
        sentences = error_of(response, 422)
        assert any(taken in sentence for sentence in sentences), f"the 422 names the {taken}"
    rows = db("SELECT id FROM users WHERE username = :u", u=other)
    assert rows == [], "a refused registration stores nothing"


@pytest.mark.contract("POST /api/users", "behavior 4", "error 422")
# Given: the starter's schemas already refuse this input; the check keeps it refused.
@pytest.mark.given
def test_a_field_missing_empty_or_invalid_answers_422_naming_it(client, unique, db):
    """POST /api/users with a field missing, empty or invalid answers 422 naming the field,
    and stores nothing."""
    name = unique("bad")
    good = {"username": name, "email": f"{name}@example.org", "password": "long-enough"}
    cases = [
        ({k: v for k, v in good.items() if k != "email"}, "email"),
        (good | {"username": ""}, "username"),
        (good | {"email": "not-an-address"}, "email"),
        (good | {"password": "short"}, "password"),
    ]
    for user, field in cases:
        sentences = error_of(client.post("/api/users", json={"user": user}), 422)
        assert any(field in sentence for sentence in sentences), f"the 422 names {field}"
    error_of(client.post("/api/users", json=good), 422)  # not wrapped in {"user": ...}
    assert db("SELECT id FROM users WHERE username = :u", u=name) == [], "nothing is stored"


@pytest.mark.contract("POST /api/users/login", "paragraph 1", "behavior 1")
def test_logging_in_answers_the_user_with_a_new_token_that_works(client, unique):
    """POST /api/users/login with the right email and password answers 200 with the user and
    a token that works."""
    # An address that sorts before every other: the login must find this account only.
    account = register(client, unique, prefix="aaa")
    response = logs_in(client, account.email, account.password)
    assert response.status_code == 200
    user = response.json()["user"]
    assert set(user) == USER_FIELDS, "the user has exactly email, token, username, bio, image"
    assert user["username"] == account.username, "the answer is the account that logged in"
    me = client.get("/api/user", headers=token_headers(user["token"]))
    assert me.status_code == 200, "the token of a login works"
    assert me.json()["user"]["username"] == account.username


@pytest.mark.contract("POST /api/users/login", "behavior 2", "error 401")
def test_a_wrong_password_and_an_unknown_email_answer_the_same_401(client, unique):
    """POST /api/users/login answers the same 401 for a wrong password and an unknown email."""
    account = register(client, unique)
    wrong = error_of(logs_in(client, account.email, "not-the-password"), 401)
    unknown = error_of(logs_in(client, f"{unique('nobody')}@example.org", account.password), 401)
    assert wrong == unknown, "both answers say the same, so neither tells which accounts exist"
    # An address one letter short of the account's, with the account's own password: the
    # login looks up exactly the address it was given, never the nearest one.
    near = error_of(logs_in(client, account.email[:-1], account.password), 401)
    assert near == unknown, "an address that is not the account's is an unknown email"


@pytest.mark.contract("POST /api/users/login", "behavior 3", "error 422")
def test_logging_in_without_an_email_or_password_answers_422(client, unique):
    """POST /api/users/login without the email or the password answers 422."""
    account = register(client, unique)
    for user in ({"email": account.email}, {"password": account.password}, {}):
        error_of(client.post("/api/users/login", json={"user": user}), 422)


@pytest.mark.contract("GET /api/user", "behavior 2", "error 401")
def test_the_current_user_needs_a_valid_token_in_the_token_scheme(client, unique):
    """GET /api/user answers 401 without a header, in the Bearer scheme, and for a token that
    is malformed or signed with another key."""
    account = register(client, unique)
    claims = jwt.decode(account.token, options={"verify_signature": False})
    other_key = jwt.encode(claims, "another-signing-key-of-32-characters-or-more", "HS256")
    for headers in (
        {},
        bearer(account),
        forged(account),
        token_headers("not.a.jwt"),
        token_headers(other_key),
    ):
        error_of(client.get("/api/user", headers=headers), 401)
    assert client.get("/api/user", headers=account.headers).status_code == 200


@pytest.mark.contract("PUT /api/user", "paragraph 1", "behavior 1")
def test_a_user_changes_only_what_they_send(client, unique):
    """PUT /api/user changes the fields sent and keeps the others."""
    account = register(client, unique)
    response = client.put(
        "/api/user",
        json={"user": {"bio": "I write.", "image": "https://x.test/a.png"}},
        headers=account.headers,
    )
    assert response.status_code == 200
    changed = response.json()["user"]
    assert (changed["bio"], changed["image"]) == ("I write.", "https://x.test/a.png")
    assert (changed["email"], changed["username"]) == (account.email, account.username), (
        "the fields left out keep their values"
    )
    again = client.put("/api/user", json={"user": {"bio": "Now this."}}, headers=account.headers)
    assert again.status_code == 200
    assert again.json()["user"]["image"] == "https://x.test/a.png", "image was not sent: kept"
    me = client.get("/api/user", headers=account.headers).json()["user"]
    assert me["bio"] == "Now this.", "the change is stored"


@pytest.mark.contract("PUT /api/user", "behavior 2")
def test_an_empty_bio_or_image_removes_it(client, unique):
    """PUT /api/user with "" for bio or image removes it: it reads null."""
    account = register(client, unique)
    client.put(
        "/api/user",
        json={"user": {"bio": "A bio.", "image": "https://x.test/b.png"}},
        headers=account.headers,
    )
    response = client.put(
        "/api/user", json={"user": {"bio": "", "image": ""}}, headers=account.headers
    )
    assert response.status_code == 200
    assert (response.json()["user"]["bio"], response.json()["user"]["image"]) == (None, None)


@pytest.mark.contract("PUT /api/user", "behavior 3")
def test_a_new_username_is_the_profile_name_from_then_on(client, unique):
    """PUT /api/user with a new username: the profile is found by the new name, the old one
    answers 404."""
    account = register(client, unique)
    new_name = unique("renamed")
    response = client.put(
        "/api/user", json={"user": {"username": new_name}}, headers=account.headers
    )
    assert response.status_code == 200
    assert response.json()["user"]["username"] == new_name
    assert client.get(f"/api/profiles/{new_name}").status_code == 200
    error_of(client.get(f"/api/profiles/{account.username}"), 404)


@pytest.mark.contract("PUT /api/user", "behavior 4")
def test_a_new_password_ends_every_earlier_token(client, unique):
    """PUT /api/user with a new password: only it logs in, earlier tokens answer 401, and the
    answer's new token works."""
    account = register(client, unique)
    response = client.put(
        "/api/user", json={"user": {"password": "a-brand-new-password"}}, headers=account.headers
    )
    assert response.status_code == 200
    new_token = response.json()["user"]["token"]
    error_of(client.get("/api/user", headers=account.headers), 401)
    assert client.get("/api/user", headers=token_headers(new_token)).status_code == 200
    error_of(logs_in(client, account.email, account.password), 401)
    assert logs_in(client, account.email, "a-brand-new-password").status_code == 200


@pytest.mark.contract("PUT /api/user", "behavior 5", "error 422")
def test_taking_another_users_email_or_username_answers_422_and_changes_nothing(client, unique):
    """PUT /api/user with another account's email or username answers 422 and changes
    nothing; one's own email again is no conflict."""
    account, other = register(client, unique), register(client, unique)
    for fields in ({"email": other.email}, {"username": other.username, "bio": "Changed."}):
        error_of(client.put("/api/user", json={"user": fields}, headers=account.headers), 422)
    me = client.get("/api/user", headers=account.headers).json()["user"]
    assert (me["email"], me["username"], me["bio"]) == (account.email, account.username, None)
    own = client.put("/api/user", json={"user": {"email": account.email}}, headers=account.headers)
    assert own.status_code == 200, "sending one's own email again is no conflict"


@pytest.mark.contract("PUT /api/user", "behavior 6", "error 422", "error 401")
def test_an_update_that_changes_nothing_answers_422_and_one_without_a_token_401(client, unique):
    """PUT /api/user with nothing to change answers 422; without a token, 401."""
    account = register(client, unique)
    for user in ({}, {"nickname": "jj"}):
        error_of(client.put("/api/user", json={"user": user}, headers=account.headers), 422)
    error_of(client.put("/api/user", json={"user": {"bio": "Hi."}}), 401)
    error_of(client.put("/api/user", json={"user": {"bio": "Hi."}}, headers=forged(account)), 401)
