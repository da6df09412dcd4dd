"""Hidden HW6 contracts: login by username or email, and PATCH /api/users/me."""

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
    stored,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw06")


def forged(headers):
    """The same bearer token with its signature changed: one the app did not sign."""
    return {"Authorization": headers["Authorization"][:-4] + "AAAA"}


# --- POST /api/auth/login -----------------------------------------------------------------


@pytest.mark.contract(
    "POST /api/auth/login", "paragraph 1", "input username", "behavior 1", "output 200"
)
def test_an_email_login_ignores_case_and_surrounding_spaces(client, unique):
    """POST /api/auth/login takes the account's email address in any case, spaces around it."""
    user = new_account(client, unique)
    for login in (user["email"], user["email"].upper(), f"  {user['email'].capitalize()}  "):
        assert me(client, log_in(client, login))["id"] == user["id"], "not the account's token"
    assert me(client, log_in(client, "Alice@Example.EDU", "alice-password"))["username"] == "alice"


@pytest.mark.contract("POST /api/auth/login", "input username", "behavior 1", "behavior 3")
def test_a_username_login_ignores_case_and_surrounding_spaces(client, unique):
    """POST /api/auth/login takes a registered username in any case, spaces around it."""
    user = new_account(client, unique)
    for login in (user["username"].upper(), f" {user['username']} "):
        assert me(client, log_in(client, login))["id"] == user["id"], "not the account's token"


@pytest.mark.contract("POST /api/auth/login", "behavior 1", "behavior 2", "error 401")
def test_a_login_with_an_at_sign_is_only_ever_an_email_address(client, unique):
    """A login with an @ is read as an email address only; a username never matches one."""
    username, mailbox = new_username(unique), new_username(unique)
    user = new_account(client, unique, username=username, email=f"{mailbox}@example.edu")
    assert me(client, log_in(client, f"{mailbox}@example.edu"))["id"] == user["id"]
    for login in (mailbox, f"{username}@example.edu", f"{username}@"):
        error_of(login_answer(client, login), 401)


@pytest.mark.contract("POST /api/auth/login", "behavior 2", "error 401")
def test_every_failed_login_gets_the_same_401(client, unique):
    """Unknown login and wrong password answer the same 401, by username or by email address."""
    user = new_account(client, unique)
    log_in(client, user["email"])
    failures = [
        login_answer(client, user["email"], "not the password"),
        login_answer(client, f"{new_username(unique)}@example.edu"),
        login_answer(client, user["username"], "not the password"),
        login_answer(client, new_username(unique)),
    ]
    bodies = [error_of(answer, 401) for answer in failures]
    assert len({(body["detail"], body["code"]) for body in bodies}) == 1, "the 401s differ"
    assert all("access_token" not in answer.text for answer in failures)


@pytest.mark.contract("POST /api/auth/login", "behavior 1", "behavior 2", "error 401")
def test_a_login_that_names_no_account_is_a_401_whatever_the_password(client, unique):
    """A login no account has answers 401, even with the password of a nearly equal login."""
    base = new_username(unique)
    user = new_account(client, unique, username=f"{base}_b", email=f"{base}_b@example.edu")
    for near in (f"{base}_a", f"{base}_c", base, f"{base}_b_"):
        error_of(login_answer(client, near), 401)
        error_of(login_answer(client, f"{near}@example.edu"), 401)
    assert me(client, log_in(client, user["email"]))["id"] == user["id"]


@pytest.mark.contract("POST /api/auth/login", "behavior 2", "behavior 3", "output 200")
def test_a_login_opens_only_its_own_account(client, unique):
    """One account's address with another account's password is a 401; each logs in as itself."""
    first, second = new_account(client, unique), new_account(client, unique, password="p" * 20)
    error_of(login_answer(client, first["email"], "p" * 20), 401)
    error_of(login_answer(client, second["username"], PASSWORD), 401)
    assert me(client, log_in(client, second["email"], "p" * 20))["id"] == second["id"]
    assert me(client, log_in(client, first["username"]))["id"] == first["id"]


@pytest.mark.contract("POST /api/auth/login", "behavior 3", "output 200")
def test_a_new_account_gets_the_same_kind_of_token_as_a_sample_user(client, unique):
    """A registered account's login answers 200 with a bearer token like a sample user's."""
    sample = login_answer(client, "bob", "bob-password").json()
    user = new_account(client, unique)
    answer = login_answer(client, user["email"])
    assert answer.status_code == 200, f"expected 200, got {answer.status_code}"
    token = answer.json()
    assert (set(token), token["token_type"]) == (set(sample), sample["token_type"])
    assert token["expires_in"] == sample["expires_in"]
    assert me(client, {"Authorization": f"Bearer {token['access_token']}"}) == user


@pytest.mark.contract("POST /api/auth/login", "input password", "error 422")
def test_a_login_without_a_password_or_a_login_is_a_422(client, unique):
    """POST /api/auth/login with a field missing or empty answers 422; a full one logs in."""
    user = new_account(client, unique)
    for body in (
        {"username": user["email"]},
        {"password": PASSWORD},
        {"username": "", "password": PASSWORD},
        {"username": user["email"], "password": ""},
    ):
        error_of(client.post("/api/auth/login", json=body), 422)
    log_in(client, user["email"])


# --- PATCH /api/users/me ------------------------------------------------------------------


@pytest.mark.contract("PATCH /api/users/me", "input Authorization", "behavior 1", "error 401")
def test_a_patch_without_a_valid_token_answers_401_whatever_its_body(client, unique, db):
    """PATCH /api/users/me without a valid token answers 401, before looking at the body."""
    user = new_account(client, unique)
    headers = log_in(client, user["username"])
    for sent in ({}, forged(headers), {"Authorization": "Basic YWxpY2U6eA=="}):
        for body in ({"full_name": "Changed"}, {"role": "admin"}, {"email": None}, [1]):
            error_of(client.patch("/api/users/me", json=body, headers=sent), 401)
    assert stored(db, user["id"])["full_name"] == ""
    assert client.patch("/api/users/me", json={}, headers=headers).status_code == 200


@pytest.mark.contract("PATCH /api/users/me", "paragraph 1", "input full_name", "behavior 4")
def test_a_patch_of_the_full_name_keeps_the_email(client, unique, db):
    """PATCH /api/users/me with only full_name changes it, trimmed, and keeps everything else."""
    user = new_account(client, unique, full_name="Before")
    headers = log_in(client, user["username"])
    response = client.patch("/api/users/me", json={"full_name": "  After  "}, headers=headers)
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == user | {"full_name": "After"}
    row = stored(db, user["id"])
    assert (row["full_name"], row["email"], row["username"]) == (
        "After",
        user["email"],
        user["username"],
    )


@pytest.mark.contract("PATCH /api/users/me", "input email", "behavior 4")
def test_a_patch_of_the_email_keeps_the_full_name(client, unique, db):
    """PATCH /api/users/me with only email changes it, in lower case, and keeps the full name."""
    user = new_account(client, unique, full_name="Frank Li")
    headers = log_in(client, user["username"])
    email = f"{new_username(unique)}@example.edu"
    response = client.patch("/api/users/me", json={"email": email.upper()}, headers=headers)
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == user | {"email": email}
    row = stored(db, user["id"])
    assert (row["email"], row["full_name"]) == (email, "Frank Li")


@pytest.mark.contract("PATCH /api/users/me", "behavior 4", "output 200")
def test_a_patch_of_both_fields_changes_both_and_an_empty_one_nothing(client, unique, db):
    """PATCH /api/users/me changes every field sent, and with {} changes nothing (200)."""
    user = new_account(client, unique)
    headers = log_in(client, user["username"])
    email = f"{new_username(unique)}@example.edu"
    both = client.patch(
        "/api/users/me", json={"email": email, "full_name": "Both"}, headers=headers
    )
    assert both.status_code == 200, f"expected 200, got {both.status_code}"
    assert both.json() == user | {"email": email, "full_name": "Both"}
    empty = client.patch("/api/users/me", json={}, headers=headers)
    assert empty.status_code == 200, f"expected 200, got {empty.status_code}"
    assert empty.json() == both.json()
    row = stored(db, user["id"])
    assert (row["email"], row["full_name"]) == (email, "Both")


@pytest.mark.contract("PATCH /api/users/me", "input line 4", "behavior 2", "error 422")
def test_a_patch_with_null_changes_nothing(client, unique, db):
    """PATCH /api/users/me with a field set to null answers 422 and changes nothing."""
    user = new_account(client, unique, full_name="Kept")
    headers = log_in(client, user["username"])
    for body in ({"email": None}, {"full_name": None}, {"email": None, "full_name": "Lost"}):
        error_of(client.patch("/api/users/me", json=body, headers=headers), 422)
    row = stored(db, user["id"])
    assert (row["email"], row["full_name"]) == (user["email"], "Kept")


@pytest.mark.contract("PATCH /api/users/me", "input line 4", "behavior 2", "error 422")
def test_a_patch_of_any_other_field_changes_nothing(client, unique, db):
    """PATCH /api/users/me with username, role, password or another field answers 422."""
    user = new_account(client, unique)
    headers = log_in(client, user["username"])
    before = stored(db, user["id"])
    for extra in (
        {"username": new_username(unique)},
        {"role": "admin"},
        {"role_id": 3},
        {"password": "a new long password"},
        {"hashed_password": "x"},
        {"is_active": False},
        {"id": 1},
    ):
        response = client.patch(
            "/api/users/me", json=extra | {"full_name": "Lost"}, headers=headers
        )
        assert fields_of(response) == list(extra), "a field outside the contract was accepted"
    assert stored(db, user["id"]) == before, "a refused PATCH changed the user"
    log_in(client, user["username"])


@pytest.mark.contract("PATCH /api/users/me", "input email", "input full_name", "error 422")
def test_a_patch_keeps_the_input_rules(client, unique, db):
    """PATCH /api/users/me refuses a malformed email and a full_name over 100 characters."""
    user = new_account(client, unique)
    headers = log_in(client, user["username"])
    for body, field in (
        ({"email": "not-an-address"}, "email"),
        ({"email": ""}, "email"),
        ({"full_name": "F" * 101}, "full_name"),
        ({"full_name": 42}, "full_name"),
    ):
        response = client.patch("/api/users/me", json=body, headers=headers)
        assert fields_of(response) == [field], "a value breaking the input rules was accepted"
    longest = client.patch("/api/users/me", json={"full_name": f" {'F' * 100} "}, headers=headers)
    assert longest.status_code == 200, f"expected 200, got {longest.status_code}"
    assert stored(db, user["id"])["full_name"] == "F" * 100


@pytest.mark.contract("PATCH /api/users/me", "behavior 3", "error 409")
def test_another_accounts_email_answers_409_and_changes_nothing(client, unique, db):
    """PATCH /api/users/me to another account's address, in any case, is a 409 changing nothing."""
    user, other = new_account(client, unique, full_name="Kept"), new_account(client, unique)
    headers = log_in(client, user["username"])
    for email in (other["email"].upper(), other["email"], "Erin@Example.edu"):
        response = client.patch(
            "/api/users/me", json={"email": email, "full_name": "Lost"}, headers=headers
        )
        assert error_of(response, 409)["code"] == "conflict"
    row = stored(db, user["id"])
    assert (row["email"], row["full_name"]) == (user["email"], "Kept"), "a 409 changed the user"
    assert stored(db, other["id"])["email"] == other["email"]


@pytest.mark.contract("PATCH /api/users/me", "behavior 3", "output 200")
def test_sending_your_own_email_again_is_no_conflict(client, unique, db):
    """PATCH /api/users/me with the user's own address, in any case, answers 200."""
    user = new_account(client, unique)
    headers = log_in(client, user["username"])
    for email in (user["email"], user["email"].upper()):
        response = client.patch(
            "/api/users/me", json={"email": email, "full_name": email[:5]}, headers=headers
        )
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        assert response.json() == user | {"full_name": email[:5]}
    assert stored(db, user["id"])["email"] == user["email"]


@pytest.mark.contract("PATCH /api/users/me", "behavior 5")
def test_after_a_new_address_only_the_new_one_logs_in(client, unique):
    """After PATCH /api/users/me changes the address, login works with the new one only."""
    user = new_account(client, unique)
    headers = log_in(client, user["email"])
    email = f"{new_username(unique)}@example.edu"
    response = client.patch(
        "/api/users/me", json={"email": email, "full_name": "Moved"}, headers=headers
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    error_of(login_answer(client, user["email"]), 401)
    assert me(client, log_in(client, email.upper())) == response.json()
    assert me(client, headers) == response.json()


@pytest.mark.contract("PATCH /api/users/me", "paragraph 1", "output 200", "behavior 4")
def test_a_patch_answers_the_user_in_full_and_touches_no_one_else(client, unique, db):
    """PATCH /api/users/me answers the user's fields only, and changes no other account."""
    user, other = new_account(client, unique), new_account(client, unique, full_name="Other")
    response = client.patch(
        "/api/users/me", json={"full_name": "Mine"}, headers=log_in(client, user["username"])
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    answer = response.json()
    assert set(answer) == USER_FIELDS and set(answer["role"]) == {"id", "name"}
    assert answer == user | {"full_name": "Mine"}
    assert PASSWORD not in response.text and "hashed_password" not in response.text
    assert stored(db, other["id"])["full_name"] == "Other"
    carol = db("SELECT full_name FROM users WHERE username = 'carol'")
    assert carol == [{"full_name": ""}]
