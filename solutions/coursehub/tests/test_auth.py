"""Contract: POST /api/auth/login.

Input: {"username": str, "password": str}. Output 200: {"access_token", "token_type": "bearer",
"expires_in"}. Errors: 401 wrong username or password (one message for both), 422 bad input.
"""

from helpers import error_of


def test_login_with_correct_password_returns_a_bearer_token(client):
    credentials = {"username": "alice", "password": "alice-password"}
    response = client.post("/api/auth/login", json=credentials)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["access_token"].count(".") == 2, "a JWT has three dot-separated parts"
    assert body["expires_in"] > 0


def test_wrong_password_and_unknown_user_get_the_same_401(client):
    wrong_password = client.post("/api/auth/login", json={"username": "alice", "password": "nope"})
    unknown_user = client.post("/api/auth/login", json={"username": "mallory", "password": "nope"})
    first, second = error_of(wrong_password, 401), error_of(unknown_user, 401)
    assert first["detail"] == second["detail"], "the message must not reveal which usernames exist"
    assert "access_token" not in first


def test_login_without_a_password_is_rejected_with_422(client):
    assert client.post("/api/auth/login", json={"username": "alice"}).status_code == 422


def test_passwords_are_stored_as_argon2_hashes(db):
    rows = db("SELECT hashed_password FROM users WHERE username = :name", name="alice")
    assert rows, "the sample user alice is missing"
    stored = rows[0]["hashed_password"]
    assert stored.startswith("$argon2id$")
    assert "alice-password" not in stored
