"""Contract: GET /api/users/me (needs `Authorization: Bearer <token>`).

Output 200: {"id", "username", "email", "role": {"id", "name"}, "created_at"}, never a password
or its hash. Errors: 401 with `WWW-Authenticate: Bearer` when the token is missing or invalid.
"""

from helpers import error_of


def test_me_returns_the_logged_in_user(client, auth):
    response = client.get("/api/users/me", headers=auth("carol"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "carol"
    assert body["email"] == "carol@example.edu"
    assert body["role"]["name"] == "instructor"
    assert {"id", "created_at"} <= body.keys()


def test_me_never_shows_the_password_hash(client, auth):
    body = client.get("/api/users/me", headers=auth("alice")).json()
    assert not any("password" in key for key in body)


def test_me_without_a_token_answers_401(client):
    response = client.get("/api/users/me")
    error_of(response, 401)
    assert response.headers.get("www-authenticate") == "Bearer"


def test_me_with_a_forged_token_answers_401(client, auth):
    token = auth("alice")["Authorization"].removeprefix("Bearer ")
    header, payload, _signature = token.split(".")
    forged = f"{header}.{payload}.{'A' * 43}"
    error_of(client.get("/api/users/me", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_me_shows_the_full_name(client, auth):
    body = client.get("/api/users/me", headers=auth("bob")).json()
    assert body["full_name"] == ""
    assert {"id", "username", "email", "role", "created_at"} <= body.keys()
