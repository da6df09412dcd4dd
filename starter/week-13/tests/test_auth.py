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


# POST /api/auth/token: the OAuth2 password flow, the same login sent as a form.


def test_the_token_form_gives_a_bearer_token_that_is_never_cached(client):
    form = {"username": "alice", "password": "alice-password"}
    response = client.post("/api/auth/token", data=form)
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert response.headers.get("cache-control") == "no-store"
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert client.get("/api/users/me", headers=headers).json()["username"] == "alice"


def test_the_token_form_fails_like_the_json_login(client):
    wrong = client.post("/api/auth/token", data={"username": "bob", "password": "nope"})
    unknown = client.post("/api/auth/token", data={"username": "mallory", "password": "nope"})
    json_login = client.post("/api/auth/login", json={"username": "mallory", "password": "nope"})
    details = {error_of(answer, 401)["detail"] for answer in (wrong, unknown, json_login)}
    assert len(details) == 1, "one message for every failed login, form or JSON"
    as_json = client.post("/api/auth/token", json={"username": "bob", "password": "bob-password"})
    assert error_of(as_json, 422)["code"] == "validation_error"


def test_a_token_holds_only_its_user_and_its_times(client, auth):
    import base64
    import json

    token = auth("carol")["Authorization"].removeprefix("Bearer ")
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(claims) == {"sub", "iat", "exp"}
    me = client.get("/api/users/me", headers=auth("carol")).json()
    assert claims["sub"] == str(me["id"])
    assert claims["exp"] > claims["iat"]


def test_failed_logins_are_counted_whatever_the_case(client, unique):
    login = unique("ghost").replace(" ", "_")
    for attempt in range(10):
        tried = login.upper() if attempt % 2 else login.lower()
        answer = client.post("/api/auth/login", json={"username": tried, "password": "nope"})
        error_of(answer, 401)
    blocked = client.post("/api/auth/login", json={"username": f" {login} ", "password": "nope"})
    assert error_of(blocked, 429)["code"] == "too_many_requests"
    assert int(blocked.headers["retry-after"]) > 0


# POST /api/auth/password: only the refusals here, which change nothing (a successful change
# would log every other test of this user out).


def test_a_password_change_needs_a_token_and_the_current_password(client, auth):
    change = {"current_password": "not-daves-password", "new_password": "a much longer secret"}
    error_of(client.post("/api/auth/password", json=change), 401)
    wrong = client.post("/api/auth/password", json=change, headers=auth("dave"))
    assert error_of(wrong, 401)["code"] == "not_authenticated"
    login = client.post("/api/auth/login", json={"username": "dave", "password": "dave-password"})
    assert login.status_code == 200, "a refused change must keep the old password"


def test_a_new_password_has_at_least_12_characters(client, auth):
    change = {"current_password": "dave-password", "new_password": "eleven char"}
    response = client.post("/api/auth/password", json=change, headers=auth("dave"))
    assert [e["field"] for e in error_of(response, 422)["errors"]] == ["new_password"]
    extra = {"current_password": "dave-password", "new_password": "a much longer secret", "x": 1}
    error_of(client.post("/api/auth/password", json=extra, headers=auth("dave")), 422)
    assert client.get("/api/users/me", headers=auth("dave")).status_code == 200
