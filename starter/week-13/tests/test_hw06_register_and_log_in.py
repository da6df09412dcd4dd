"""HW6 contract: registration, login by username or email, and PATCH /api/users/me.

- POST /api/auth/register creates a student account (201, `Location: /api/users/me`, no
  token); the password is stored only as an Argon2 hash; a username or an email address
  that is taken (in any case) answers 409; extra fields such as `role` answer 422.
- POST /api/auth/login accepts the username or the email address, in any case; a wrong
  password and an unknown login get the same 401.
- PATCH /api/users/me changes only the fields sent (email, full_name); `null` and other
  fields answer 422, another account's email 409, a missing token 401.

Every account is made up per run (`unique`), so the tests also run against a live server.
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw06")

PASSWORD = "correct horse battery"
# What GET /api/users/me shows (later weeks may add to it).
USER_FIELDS = {"id", "username", "email", "full_name", "role", "created_at"}


def new_username(unique) -> str:
    """A username no one has: "c_" + a unique name ("c_larch_48213")."""
    return "c_" + unique("user").lower().replace(" ", "_")


def register(client, unique, **fields):
    username = new_username(unique)
    payload = {"username": username, "email": f"{username}@example.edu", "password": PASSWORD}
    return client.post("/api/auth/register", json=payload | fields)


def log_in(client, login, password=PASSWORD):
    response = client.post("/api/auth/login", json={"username": login, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.mark.contract(
    "POST /api/auth/register",
    "paragraph 1",
    "behavior 5",
    "output 201",
    "output id",
    "output username",
    "output email",
    "output full_name",
    "output role",
    "output created_at",
    "output Location",
)
def test_register_answers_201_with_the_new_student(client, unique):
    response = register(client, unique, full_name="Frank Li")
    assert response.status_code == 201, response.text
    user = response.json()
    assert set(user) >= USER_FIELDS, "a field of GET /api/users/me is missing"
    assert user["username"].startswith("c_") and user["email"].endswith("@example.edu")
    assert user["full_name"] == "Frank Li"
    assert user["role"]["name"] == "student"
    assert isinstance(user["id"], int) and user["created_at"]
    assert response.headers.get("location") == "/api/users/me"


@pytest.mark.contract("POST /api/auth/register", "behavior 5", "output password")
def test_register_answers_without_a_password_or_a_token(client, unique):
    response = register(client, unique)
    assert response.status_code == 201, response.text
    assert "access_token" not in response.json()
    assert PASSWORD not in response.text
    assert not any("password" in key for key in response.json())


@pytest.mark.contract("POST /api/auth/register", "behavior 3")
def test_register_stores_an_argon2_hash_and_never_the_password(client, unique, db):
    response = register(client, unique)
    assert response.status_code == 201, response.text
    rows = db("SELECT hashed_password FROM users WHERE id = :id", id=response.json()["id"])
    assert rows, "the new user is not in the users table"
    stored = rows[0]["hashed_password"]
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.contract("POST /api/auth/register", "input username", "input email")
def test_usernames_and_emails_are_stored_in_lower_case(client, unique, db):
    username = new_username(unique)
    response = client.post(
        "/api/auth/register",
        json={
            "username": f"  {username.upper()} ",
            "email": f"{username.upper()}@Example.EDU",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["username"] == username
    assert response.json()["email"] == f"{username}@example.edu"
    assert db("SELECT email FROM users WHERE username = :u", u=username) == [
        {"email": f"{username}@example.edu"}
    ]


@pytest.mark.contract("POST /api/auth/register", "behavior 2", "error 409")
def test_a_taken_username_or_email_answers_409(client, unique, db):
    first = register(client, unique)
    assert first.status_code == 201, first.text
    taken = first.json()
    same_username = client.post(
        "/api/auth/register",
        json={"username": taken["username"], "email": "else@example.edu", "password": PASSWORD},
    )
    assert error_of(same_username, 409)["code"] == "conflict"
    same_email = register(client, unique, email=taken["email"].upper())
    assert error_of(same_email, 409)["code"] == "conflict"
    assert db("SELECT id FROM users WHERE email = :e", e="else@example.edu") == []


@pytest.mark.contract(
    "POST /api/auth/register", "behavior 1", "behavior 4", "input password", "input line 5"
)
@pytest.mark.contract("POST /api/auth/register", "error 422")
def test_register_refuses_bad_input_and_a_chosen_role(client, unique, db):
    username = new_username(unique)
    for fields, field in (
        ({"password": "too short"}, "password"),
        ({"username": "9lives"}, "username"),
        ({"email": "not-an-address"}, "email"),
        ({"role": "admin"}, "role"),
    ):
        payload = {"username": username, "email": f"{username}@example.edu", "password": PASSWORD}
        response = client.post("/api/auth/register", json=payload | fields)
        assert [e["field"] for e in error_of(response, 422)["errors"]] == [field]
    assert db("SELECT id FROM users WHERE username = :u", u=username) == []
    assert register(client, unique).status_code == 201


@pytest.mark.contract("POST /api/auth/register", "behavior 6")
@pytest.mark.contract(
    "POST /api/auth/login", "input username", "behavior 1", "behavior 3", "output 200"
)
def test_a_new_account_logs_in_with_its_username_or_its_email(client, unique):
    response = register(client, unique)
    assert response.status_code == 201, response.text
    user = response.json()
    for login in (user["username"], user["email"].upper(), f"  {user['email']} "):
        me = client.get("/api/users/me", headers=log_in(client, login))
        assert me.status_code == 200
        assert me.json() == user


@pytest.mark.contract("POST /api/auth/login", "behavior 2", "error 401")
def test_an_unknown_email_and_a_wrong_password_get_the_same_401(client, unique):
    response = register(client, unique)
    assert response.status_code == 201, response.text
    email = response.json()["email"]
    log_in(client, email)
    wrong_password = client.post(
        "/api/auth/login", json={"username": email, "password": "not the password"}
    )
    unknown_email = client.post(
        "/api/auth/login", json={"username": f"x{email}", "password": PASSWORD}
    )
    first, second = error_of(wrong_password, 401), error_of(unknown_email, 401)
    assert first["detail"] == second["detail"]


@pytest.mark.contract(
    "PATCH /api/users/me", "input email", "input full_name", "behavior 4", "output 200"
)
def test_patch_me_changes_only_the_fields_sent(client, unique):
    user = register(client, unique, full_name="Before").json()
    headers = log_in(client, user["username"])
    renamed = client.patch("/api/users/me", json={"full_name": "  After "}, headers=headers)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json() == user | {"full_name": "After"}
    new_email = f"new.{user['email']}"
    moved = client.patch("/api/users/me", json={"email": new_email.upper()}, headers=headers)
    assert moved.status_code == 200, moved.text
    assert moved.json() == user | {"full_name": "After", "email": new_email}
    assert client.get("/api/users/me", headers=headers).json() == moved.json()


@pytest.mark.contract("PATCH /api/users/me", "input line 4", "behavior 2", "error 422")
def test_patch_me_refuses_null_and_other_fields(client, unique, db):
    user = register(client, unique).json()
    headers = log_in(client, user["username"])
    for body in ({"email": None}, {"role": "admin"}, {"username": "someone_else"}):
        error_of(client.patch("/api/users/me", json=body, headers=headers), 422)
    assert client.get("/api/users/me", headers=headers).json() == user
    assert client.patch("/api/users/me", json={}, headers=headers).json() == user


@pytest.mark.contract("PATCH /api/users/me", "behavior 3", "error 409")
def test_patch_me_refuses_another_accounts_email(client, unique):
    user = register(client, unique).json()
    headers = log_in(client, user["username"])
    response = client.patch("/api/users/me", json={"email": "Bob@Example.edu"}, headers=headers)
    assert error_of(response, 409)["code"] == "conflict"
    assert client.get("/api/users/me", headers=headers).json()["email"] == user["email"]


@pytest.mark.contract("PATCH /api/users/me", "input Authorization", "behavior 1", "error 401")
def test_patch_me_needs_a_valid_token(client):
    response = client.patch("/api/users/me", json={"full_name": "Nobody"})
    assert error_of(response, 401)["code"] == "not_authenticated"
    forged = {"Authorization": "Bearer not.a.token"}
    error_of(client.patch("/api/users/me", json={"full_name": "Nobody"}, headers=forged), 401)
