"""What the hidden HW6 checks share: made-up accounts, logins, and the stored user row.

Usernames are "c_" and a unique name ("c_larch_48213"), so they sort between the sample
users bob and carol (and their addresses between bob@ and carol@): a lookup that compares
with `<` or `>` where `==` belongs finds a sample user, and shows.
"""

from helpers import error_of

PASSWORD = "correct horse battery staple"  # noqa: S105 (test data, not a secret)
# The fields of a user in every answer of week 7.
USER_FIELDS = {"id", "username", "email", "full_name", "role", "created_at"}


def new_username(unique):
    return "c_" + unique("user").lower().replace(" ", "_")


def register(client, unique, **fields):
    """POST /api/auth/register with a fresh username and address; `fields` override them."""
    username = new_username(unique)
    payload = {"username": username, "email": f"{username}@example.edu", "password": PASSWORD}
    return client.post("/api/auth/register", json=payload | fields)


def new_account(client, unique, **fields):
    response = register(client, unique, **fields)
    assert response.status_code == 201, (
        f"registering an account: expected 201, got {response.status_code}"
    )
    return response.json()


def login_answer(client, login, password=PASSWORD):
    return client.post("/api/auth/login", json={"username": login, "password": password})


def log_in(client, login, password=PASSWORD):
    """Bearer headers for an account, logged in by username or email."""
    response = login_answer(client, login, password)
    assert response.status_code == 200, f"logging in: expected 200, got {response.status_code}"
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def me(client, headers):
    response = client.get("/api/users/me", headers=headers)
    assert response.status_code == 200, (
        f"GET /api/users/me: expected 200, got {response.status_code}"
    )
    return response.json()


def stored(db, user_id):
    """The user's row as the database holds it."""
    rows = db("SELECT * FROM users WHERE id = :id", id=user_id)
    assert len(rows) == 1, "the user is not in the users table"
    return rows[0]


def fields_of(response):
    """The `field`s a 422 in the app's error format names."""
    body = error_of(response, 422)
    assert body.get("code") == "validation_error", "a 422 has code validation_error"
    return [item["field"] for item in body["errors"]]
