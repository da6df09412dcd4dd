"""Contract: registration, login and the current user.

POST /api/users         201 {"user": {email, token, username, bio, image}}; the token works
                        422 a field missing or invalid, an email or username already taken
POST /api/users/login   200 {"user": ...} for the right email and password
                        401 a wrong password or an unknown email (the same answer); 422 bad input
GET  /api/user          200 the token's user, with that token; 401 without a token
PUT  /api/user          200 the changed user; 401; 422 nothing to change, a null, a taken name
Usernames are kept in lower case; passwords are stored only as Argon2 hashes.
"""

import pytest

from helpers import errors_of, token_headers


@pytest.mark.homework("capstone")
def test_registering_answers_the_user_with_a_working_token(client, unique):
    name = unique("jake")
    user = {"username": name, "email": f"{name}@example.org", "password": "jakejake"}
    response = client.post("/api/users", json={"user": user})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"user"}
    registered = body["user"]
    assert set(registered) == {"email", "token", "username", "bio", "image"}
    assert (registered["email"], registered["username"]) == (f"{name}@example.org", name)
    assert (registered["bio"], registered["image"]) == (None, None)
    assert response.headers["cache-control"] == "no-store"
    me = client.get("/api/user", headers=token_headers(registered["token"]))
    assert me.status_code == 200
    assert me.json()["user"]["username"] == name


@pytest.mark.homework("capstone")
def test_usernames_and_emails_are_kept_in_lower_case(client, unique):
    name = unique("Jacob")
    user = {"username": name, "email": f"{name.upper()}@Example.ORG", "password": "jakejake"}
    registered = client.post("/api/users", json={"user": user}).json()["user"]
    assert registered["username"] == name.lower()
    assert registered["email"] == f"{name.lower()}@example.org"


@pytest.mark.homework("capstone")
def test_the_password_is_stored_only_as_an_argon2_hash(client, make_user, db):
    account = make_user()
    [row] = db("SELECT hashed_password FROM users WHERE username = :u", u=account.username)
    assert row["hashed_password"].startswith("$argon2id$")
    assert account.password not in row["hashed_password"]


@pytest.mark.parametrize(
    ("user", "field"),
    [
        ({"email": "a@example.org", "password": "jakejake"}, "user.username"),
        ({"username": "someone", "password": "jakejake"}, "user.email"),
        ({"username": "someone", "email": "a@example.org"}, "user.password"),
        ({"username": "someone", "email": "not-an-email", "password": "jakejake"}, "user.email"),
        ({"username": "someone", "email": "a@example.org", "password": "short"}, "user.password"),
        (
            {"username": "has space", "email": "a@example.org", "password": "jakejake"},
            "user.username",
        ),
        ({"username": "x" * 41, "email": "a@example.org", "password": "jakejake"}, "user.username"),
    ],
)
def test_registering_with_a_field_missing_or_invalid_answers_422(client, user, field):
    sentences = errors_of(client.post("/api/users", json={"user": user}), 422)
    assert any(sentence.startswith(f"{field}:") for sentence in sentences), sentences


def test_registering_without_the_user_envelope_answers_422(client, unique):
    name = unique("bare")
    bare = {"username": name, "email": f"{name}@example.org", "password": "jakejake"}
    sentences = errors_of(client.post("/api/users", json=bare), 422)
    assert any(sentence.startswith("user:") for sentence in sentences), sentences


@pytest.mark.homework("capstone")
def test_a_taken_email_or_username_answers_422_and_says_which(client, make_user, unique):
    taken = make_user()
    other = unique("other")
    same_email = {"username": other, "email": taken.email, "password": "jakejake"}
    assert errors_of(client.post("/api/users", json={"user": same_email}), 422) == [
        "email has already been taken"
    ]
    # Another spelling of the same name is the same name.
    same_name = {
        "username": taken.username.upper(),
        "email": f"{other}@example.org",
        "password": "jakejake",
    }
    assert errors_of(client.post("/api/users", json={"user": same_name}), 422) == [
        "username has already been taken"
    ]


@pytest.mark.homework("capstone")
def test_logging_in_answers_the_user_and_a_token(client, make_user):
    account = make_user()
    credentials = {"email": account.email.upper(), "password": account.password}
    response = client.post("/api/users/login", json={"user": credentials})
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["username"], user["email"]) == (account.username, account.email)
    assert client.get("/api/user", headers=token_headers(user["token"])).status_code == 200


@pytest.mark.homework("capstone")
def test_a_sample_user_logs_in_with_the_documented_password(login, client):
    me = client.get("/api/user", headers=login("alice"))
    assert me.json()["user"]["username"] == "alice"


@pytest.mark.homework("capstone")
def test_a_wrong_password_and_an_unknown_email_answer_the_same_401(client, make_user, unique):
    account = make_user()
    wrong = {"email": account.email, "password": "not-the-password"}
    unknown = {"email": f"{unique('nobody')}@example.org", "password": account.password}
    first = errors_of(client.post("/api/users/login", json={"user": wrong}), 401)
    second = errors_of(client.post("/api/users/login", json={"user": unknown}), 401)
    assert first == second == ["email or password is invalid"]


@pytest.mark.homework("capstone")
def test_logging_in_without_a_password_answers_422(client, make_user):
    account = make_user()
    response = client.post("/api/users/login", json={"user": {"email": account.email}})
    assert any(s.startswith("user.password:") for s in errors_of(response, 422))


@pytest.mark.homework("capstone")
def test_the_current_user_is_answered_with_the_token_that_was_sent(client, make_user):
    account = make_user()
    response = client.get("/api/user", headers=account.headers)
    assert response.status_code == 200
    assert response.json() == {
        "user": {
            "email": account.email,
            "token": account.token,
            "username": account.username,
            "bio": None,
            "image": None,
        }
    }


def test_the_current_user_needs_a_token(client):
    errors_of(client.get("/api/user"), 401)
    errors_of(client.put("/api/user", json={"user": {"bio": "Hi"}}), 401)


@pytest.mark.homework("capstone")
def test_a_user_changes_only_what_they_send(client, make_user, unique):
    account = make_user()
    new_email = f"{unique('moved')}@example.org"
    changes = {
        "email": new_email,
        "bio": "I like to skateboard",
        "image": "https://example.org/me.png",
    }
    response = client.put("/api/user", json={"user": changes}, headers=account.headers)
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["email"], user["bio"], user["image"]) == (
        new_email,
        "I like to skateboard",
        "https://example.org/me.png",
    )
    assert (user["username"], user["token"]) == (account.username, account.token)
    again = client.get("/api/user", headers=account.headers).json()["user"]
    assert again == user


@pytest.mark.homework("capstone")
def test_an_empty_bio_or_image_removes_it(client, make_user):
    account = make_user()
    client.put(
        "/api/user",
        json={"user": {"bio": "Hello", "image": "https://example.org/a.png"}},
        headers=account.headers,
    )
    response = client.put(
        "/api/user", json={"user": {"bio": "", "image": None}}, headers=account.headers
    )
    assert response.status_code == 200
    assert (response.json()["user"]["bio"], response.json()["user"]["image"]) == (None, None)


@pytest.mark.homework("capstone")
def test_a_new_username_is_the_profile_name_from_then_on(client, make_user, unique):
    account = make_user()
    new_name = unique("renamed")
    response = client.put(
        "/api/user", json={"user": {"username": new_name}}, headers=account.headers
    )
    assert response.json()["user"]["username"] == new_name
    assert client.get(f"/api/profiles/{new_name}").status_code == 200
    errors_of(client.get(f"/api/profiles/{account.username}"), 404)


@pytest.mark.homework("capstone")
def test_a_new_password_ends_every_earlier_token(client, make_user):
    account = make_user()
    response = client.put(
        "/api/user", json={"user": {"password": "a-brand-new-one"}}, headers=account.headers
    )
    assert response.status_code == 200
    new_token = response.json()["user"]["token"]
    assert new_token != account.token
    errors_of(client.get("/api/user", headers=account.headers), 401)
    assert client.get("/api/user", headers=token_headers(new_token)).status_code == 200
    old = {"email": account.email, "password": account.password}
    errors_of(client.post("/api/users/login", json={"user": old}), 401)
    new = {"email": account.email, "password": "a-brand-new-one"}
    assert client.post("/api/users/login", json={"user": new}).status_code == 200


@pytest.mark.homework("capstone")
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"email": None},
        {"username": None},
        {"password": None},
        {"email": "nope"},
        {"image": "javascript:alert(1)"},
        {"password": "short"},
    ],
)
def test_an_update_with_nothing_valid_to_change_answers_422(client, make_user, changes):
    account = make_user()
    errors_of(client.put("/api/user", json={"user": changes}, headers=account.headers), 422)
    assert client.get("/api/user", headers=account.headers).json()["user"]["email"] == account.email


@pytest.mark.homework("capstone")
def test_taking_another_users_email_or_username_answers_422(client, make_user):
    account, other = make_user(), make_user()
    for changes in ({"email": other.email}, {"username": other.username}):
        errors_of(client.put("/api/user", json={"user": changes}, headers=account.headers), 422)
    me = client.get("/api/user", headers=account.headers).json()["user"]
    assert (me["email"], me["username"]) == (account.email, account.username)


@pytest.mark.homework("capstone")
def test_sending_ones_own_email_again_is_no_conflict(client, make_user):
    account = make_user()
    response = client.put(
        "/api/user", json={"user": {"email": account.email}}, headers=account.headers
    )
    assert response.status_code == 200
