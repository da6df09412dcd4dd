"""What the hidden HW8 checks share: new accounts with the token their email carried, the rows
behind them, and the answer a search that treats its text as text must give."""

import string

PASSWORD = "correct horse battery"  # noqa: S105 (test data, not a secret)
USER_FIELDS = {"id", "username", "email", "full_name", "role", "created_at", "verified_at"}
# Capital and small letters A to Z match each other; no other character changes.
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def register(client, unique, mailbox):
    """A newly registered (so unverified) student: the 201's user, address, headers, token."""
    name = unique("user").replace(" ", "_").lower()
    email = f"{name}@example.edu"
    account = {"username": f"u{name}"[:30], "email": email, "password": PASSWORD}
    created = client.post("/api/auth/register", json=account)
    assert created.status_code == 201, f"registering: expected 201, got {created.status_code}"
    login = client.post(
        "/api/auth/login", json={"username": account["username"], "password": PASSWORD}
    )
    assert login.status_code == 200, f"logging in: expected 200, got {login.status_code}"
    return {
        "user": created.json(),
        "email": email,
        "headers": {"Authorization": f"Bearer {login.json()['access_token']}"},
        "token": mailbox.latest_token(email),
    }


def change_address(client, mailbox, account, prefix="new"):
    """Change the account's address (`PATCH /api/users/me`): a verification email goes to the
    new one. Returns the token it carried."""
    address = f"{prefix}.{account['email']}"
    changed = client.patch("/api/users/me", json={"email": address}, headers=account["headers"])
    assert changed.status_code == 200, (
        f"changing the address: expected 200, got {changed.status_code}"
    )
    account["email"] = address
    return mailbox.latest_token(address)


def verify(client, token, headers=None):
    return client.post("/api/auth/verify", json={"token": token}, headers=headers or {})


def verified_at(db, user_id):
    return db("SELECT verified_at FROM users WHERE id = :id", id=user_id)[0]["verified_at"]


def token_rows(db, user_id):
    """The account's tokens as stored, oldest first."""
    return db(
        "SELECT token_hash, expires_at, used_at FROM verification_tokens WHERE user_id = :id "
        "ORDER BY id",
        id=user_id,
    )


def forged(headers):
    """The same bearer token with its signature changed: one the app did not sign."""
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Authorization": f"Bearer {token[:-4]}{'AAAA' if token[-4:] != 'AAAA' else 'BBBB'}"}


def new_course(client, auth, unique_code, title):
    response = client.post(
        "/api/courses", json={"code": unique_code(), "title": title}, headers=auth("carol")
    )
    assert response.status_code == 201, (
        f"an instructor creating a course: expected 201, got {response.status_code}"
    )
    return response.json()


def search(client, text):
    """The courses `GET /api/courses?search=<text>` answers (which must be a 200)."""
    response = client.get("/api/courses", params={"search": text})
    assert response.status_code == 200, (
        f"expected 200 for a search text of {len(text)} characters, got {response.status_code}"
    )
    return response.json()


def containing(client, text):
    """What a search for `text` must answer: every course whose code or title contains it,
    ignoring spaces around it and the case of A to Z, in the order of the whole list."""
    needle = text.strip().translate(ASCII_LOWER)
    return [
        course
        for course in client.get("/api/courses").json()
        if needle in course["code"].translate(ASCII_LOWER)
        or needle in course["title"].translate(ASCII_LOWER)
    ]


def codes(courses):
    return [course["code"] for course in courses]
