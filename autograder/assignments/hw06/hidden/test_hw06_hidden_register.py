"""Hidden HW6 contracts: POST /api/auth/register, its input rules, what it stores and answers."""

from datetime import UTC, datetime, timedelta

import pytest
from hw06_hidden_helpers import (
    PASSWORD,
    USER_FIELDS,
    fields_of,
    log_in,
    login_answer,
    me,
    new_account,
    new_username,
    register,
    stored,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw06")


@pytest.mark.contract("POST /api/auth/register", "paragraph 1", "behavior 4")
def test_registering_needs_no_token_and_an_admins_token_changes_nothing(client, auth, unique):
    """POST /api/auth/register works without a token, and an admin's token still makes a student."""
    without = new_account(client, unique)
    username = new_username(unique)
    with_token = client.post(
        "/api/auth/register",
        json={"username": username, "email": f"{username}@example.edu", "password": PASSWORD},
        headers=auth("erin"),
    )
    assert with_token.status_code == 201, f"expected 201, got {with_token.status_code}"
    roles = {user["role"]["name"] for user in (without, with_token.json())}
    assert roles == {"student"}, "a new account is not a student"


@pytest.mark.contract(
    "POST /api/auth/register", "input username", "output username", "behavior 2", "error 409"
)
def test_a_username_is_trimmed_and_read_in_lower_case(client, unique, db):
    """A username's surrounding spaces are removed and capitals read as lower case, once only."""
    username = new_username(unique)
    user = new_account(client, unique, username=f"  {username.upper()}  ")
    assert user["username"] == username, "the username is not stored trimmed, in lower case"
    assert stored(db, user["id"])["username"] == username
    assert me(client, log_in(client, username.capitalize()))["id"] == user["id"]
    for spelling in (username, username.upper(), f" {username} "):
        response = register(client, unique, username=spelling)
        assert error_of(response, 409)["code"] == "conflict"
    assert len(db("SELECT id FROM users WHERE lower(username) = :u", u=username)) == 1


@pytest.mark.contract("POST /api/auth/register", "input username", "error 422")
def test_a_username_keeps_to_its_alphabet_and_length(client, unique, db):
    """A username is 3 to 30 of a-z, 0-9 and _, starting with a letter; anything else is a 422."""
    base = new_username(unique)
    longest = (base + "_" * 30)[:30]
    shortest = "q" + base[-2:]
    for fine in (longest, shortest):
        response = register(client, unique, username=fine, email=f"{base}.{len(fine)}@example.edu")
        assert response.status_code == 201, (
            f"a valid username: expected 201, got {response.status_code}"
        )
        assert response.json()["username"] == fine
    for bad in (
        longest + "x",
        "qz",
        f"9{base}",
        f"_{base}",
        f"{base}-x",
        f"{base}.x",
        f"{base} x",
        f"{base}\u00e9",
        f"{base}@x",
        "",
    ):
        assert fields_of(register(client, unique, username=bad)) == ["username"], (
            "a malformed username was not refused"
        )
    assert db("SELECT id FROM users WHERE username = :u", u=longest + "x") == []


@pytest.mark.contract("POST /api/auth/register", "input email", "output email", "error 422")
def test_an_email_is_valid_and_stored_in_lower_case(client, unique, db):
    """An email address must be valid, and is stored and shown in lower case."""
    username = new_username(unique)
    user = new_account(client, unique, email=f"{username.upper()}@Example.EDU")
    assert user["email"] == f"{username}@example.edu", "the address is not in lower case"
    assert stored(db, user["id"])["email"] == f"{username}@example.edu"
    for bad in (
        "no-at-sign.example.edu",
        f"{username}@",
        f"two@@{username}.edu",
        f"{username}@example",
        "a" * 310 + "@example.edu",
        "",
    ):
        assert fields_of(register(client, unique, email=bad)) == ["email"], (
            "a malformed email address was not refused"
        )


@pytest.mark.contract("POST /api/auth/register", "input password", "error 422", "behavior 6")
def test_a_password_has_12_to_128_characters(client, unique):
    """A password of 12 and one of 128 characters are accepted (and log in); 11 and 129 are not."""
    for length in (12, 128):
        password = ("p4ss " * 30)[:length]
        user = new_account(client, unique, password=password)
        assert me(client, log_in(client, user["username"], password))["id"] == user["id"]
    for length in (11, 129, 0):
        response = register(client, unique, password=("p4ss " * 30)[:length])
        assert fields_of(response) == ["password"], "a password of the wrong length was accepted"


@pytest.mark.contract("POST /api/auth/register", "input full_name", "output full_name")
def test_a_full_name_is_optional_trimmed_and_at_most_100_characters(client, unique, db):
    """full_name is "" when left out, stored trimmed, and may have 100 characters, not 101."""
    assert new_account(client, unique)["full_name"] == ""
    named = new_account(client, unique, full_name="   Frank Li  ")
    assert named["full_name"] == "Frank Li", "the full name is not trimmed"
    assert stored(db, named["id"])["full_name"] == "Frank Li"
    longest = new_account(client, unique, full_name=f"  {'F' * 100}  ")
    assert longest["full_name"] == "F" * 100
    assert fields_of(register(client, unique, full_name="F" * 101)) == ["full_name"]


@pytest.mark.contract(
    "POST /api/auth/register", "input line 5", "behavior 1", "behavior 4", "error 422"
)
def test_fields_outside_the_contract_are_refused_and_nothing_is_stored(client, unique, db):
    """Registering with role, is_active or any field not listed answers 422 and stores nothing."""
    username = new_username(unique)
    for extra in (
        {"role": "admin"},
        {"role": {"id": 3, "name": "admin"}},
        {"role_id": 3},
        {"is_active": False},
        {"hashed_password": "x"},
        {"id": 1},
    ):
        response = register(
            client, unique, username=username, email=f"{username}@example.edu", **extra
        )
        assert fields_of(response) == list(extra), "an unknown field was not refused"
    assert db("SELECT id FROM users WHERE username = :u", u=username) == []
    assert new_account(client, unique, username=username)["role"]["name"] == "student"


@pytest.mark.contract("POST /api/auth/register", "behavior 1", "error 422")
def test_a_refused_registration_stores_nothing(client, unique, db):
    """A 422 stores nothing: the same username and address then register with a valid body."""
    username = new_username(unique)
    email = f"{username}@example.edu"
    for body in (
        {"username": username, "email": email, "password": "short"},
        {"username": username, "email": email},
        {"username": username, "password": PASSWORD},
        {"email": email, "password": PASSWORD},
        [username, email, PASSWORD],
    ):
        error_of(client.post("/api/auth/register", json=body), 422)
    assert db("SELECT id FROM users WHERE username = :u OR email = :e", u=username, e=email) == []
    assert new_account(client, unique, username=username, email=email)["email"] == email


@pytest.mark.contract("POST /api/auth/register", "behavior 4", "output role")
def test_a_new_account_is_a_student_in_the_answer_and_in_the_database(client, unique, db):
    """A new account has the role student: in the 201, in GET /api/users/me, in users.role_id."""
    student = db("SELECT id FROM roles WHERE name = 'student'")[0]["id"]
    user = new_account(client, unique)
    assert user["role"] == {"id": student, "name": "student"}, "the role is not student"
    assert stored(db, user["id"])["role_id"] == student
    assert me(client, log_in(client, user["username"]))["role"] == user["role"]


@pytest.mark.contract("POST /api/auth/register", "behavior 2", "error 409")
def test_an_email_taken_in_any_case_answers_409_and_stores_nothing(client, unique, db):
    """POST /api/auth/register with an address already registered, in any case, answers 409."""
    first = new_account(client, unique)
    for email in (first["email"].upper(), first["email"].capitalize(), "ALICE@example.edu"):
        username = new_username(unique)
        response = register(client, unique, username=username, email=email)
        assert error_of(response, 409)["code"] == "conflict"
        assert db("SELECT id FROM users WHERE username = :u", u=username) == []


@pytest.mark.contract("POST /api/auth/register", "behavior 2", "error 409")
def test_a_taken_username_with_a_new_address_answers_409_and_stores_nothing(client, unique, db):
    """Registering a username that is taken answers 409, whatever the address."""
    first = new_account(client, unique)
    for username in (first["username"], "carol", "Bob"):
        email = f"{new_username(unique)}@example.edu"
        response = register(client, unique, username=username, email=email)
        assert error_of(response, 409)["code"] == "conflict"
        assert db("SELECT id FROM users WHERE email = :e", e=email) == []


@pytest.mark.contract("POST /api/auth/register", "behavior 3")
def test_the_password_is_stored_as_an_argon2id_hash_of_the_apps_cost(client, unique, db):
    """The stored password is an Argon2id hash, with the same cost as the hashes the app makes."""
    # A login rehashes a sample user's password with the app's cost: that is the cost to match.
    assert login_answer(client, "alice", "alice-password").status_code == 200
    reference = db("SELECT hashed_password FROM users WHERE username = 'alice'")[0]
    user = new_account(client, unique)
    row = stored(db, user["id"])
    hashed = row["hashed_password"]
    assert hashed.startswith("$argon2id$"), "the password is not stored as an Argon2id hash"
    assert hashed.split("$")[3] == reference["hashed_password"].split("$")[3], (
        "the hash was not made with the app's cost"
    )
    assert not any(PASSWORD in str(value) for value in row.values()), "the password is stored"


@pytest.mark.contract("POST /api/auth/register", "behavior 3")
def test_one_password_gives_two_accounts_different_hashes(client, unique, db):
    """Two accounts with the same password store different (salted) hashes."""
    first, second = new_account(client, unique), new_account(client, unique)
    hashes = {stored(db, user["id"])["hashed_password"] for user in (first, second)}
    assert len(hashes) == 2, "two accounts with one password have the same hash"


@pytest.mark.contract(
    "POST /api/auth/register",
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
def test_the_201_shows_exactly_the_new_user_and_its_location(client, unique, db):
    """POST /api/auth/register answers 201, Location /api/users/me, and the user's fields only."""
    before = datetime.now(UTC)
    response = register(client, unique, full_name="Frank Li")
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    assert response.headers.get("location") == "/api/users/me"
    user = response.json()
    assert set(user) == USER_FIELDS, "the user has other fields than the contract's"
    assert set(user["role"]) == {"id", "name"}
    row = stored(db, user["id"])
    assert (user["username"], user["email"], user["full_name"]) == (
        row["username"],
        row["email"],
        "Frank Li",
    )
    created = datetime.fromisoformat(user["created_at"])
    assert created.tzinfo is not None, "created_at has no time zone"
    assert abs(created - before) < timedelta(hours=1), "created_at is not the time of registration"


@pytest.mark.contract("POST /api/auth/register", "behavior 5", "output password")
def test_no_answer_shows_the_password_its_hash_or_a_token(client, unique, db):
    """The password and its hash appear in no answer, and registering gives no token."""
    response = register(client, unique)
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    user = response.json()
    hashed = stored(db, user["id"])["hashed_password"]
    headers = log_in(client, user["username"])
    answers = [
        response,
        register(client, unique, username=user["username"]),  # 409
        register(client, unique, email="not an address"),  # 422
        client.get("/api/users/me", headers=headers),
        client.patch("/api/users/me", json={"full_name": "Shown"}, headers=headers),
    ]
    assert [a.status_code for a in answers] == [201, 409, 422, 200, 200]
    for answer in answers:
        assert PASSWORD not in answer.text and hashed not in answer.text, "a password was shown"
        assert "access_token" not in answer.text and "hashed_password" not in answer.text


@pytest.mark.contract("POST /api/auth/register", "behavior 6")
def test_a_new_account_logs_in_by_username_and_email_and_is_shown_as_registered(client, unique):
    """After registering, login by username or email works and GET /api/users/me shows the 201."""
    user = new_account(client, unique, full_name="Frank Li")
    for login in (user["username"], user["email"]):
        assert me(client, log_in(client, login)) == user, "GET /api/users/me differs from the 201"
    error_of(login_answer(client, user["username"], PASSWORD.upper()), 401)
