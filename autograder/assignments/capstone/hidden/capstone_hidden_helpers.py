"""What the hidden checks of the capstone share: fresh accounts and articles made through the
API, and the spec's error shape read in one call.

Every check makes the users and articles it needs under names no other check uses, so the
checks run in any order against one live app holding the sample data.
"""

from typing import Any

import httpx

from helpers import Account, token_headers

ARTICLES = "/api/articles"


def error_of(response: httpx.Response, status: int) -> list[str]:
    """The sentences of an error answer, after checking its status and the spec's shape
    `{"errors": {"body": ["..."]}}`."""
    assert response.status_code == status, (
        f"expected {status}, your app answered {response.status_code}"
    )
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"a {status} must have a JSON body in the spec's error shape"
        ) from None
    assert isinstance(body, dict) and set(body) == {"errors"}, (
        'an error body is exactly {"errors": {"body": ["..."]}}'
    )
    errors = body["errors"]
    assert isinstance(errors, dict) and set(errors) == {"body"}, (
        'an error body is exactly {"errors": {"body": ["..."]}}'
    )
    sentences = errors["body"]
    assert isinstance(sentences, list) and sentences, "errors.body lists at least one sentence"
    assert all(isinstance(s, str) and s for s in sentences), "each error is a sentence"
    return sentences


def register(client: httpx.Client, unique, prefix: str = "hidden") -> Account:
    """A new account through POST /api/users, with its token."""
    name = unique(prefix)
    account = Account(name, f"{name}@example.org", f"{name}-password", "")
    response = client.post("/api/users", json={"user": account.registration()})
    assert response.status_code == 201, (
        f"registering a new user: expected 201, your app answered {response.status_code}"
    )
    return account.with_token(response.json()["user"]["token"])


def logs_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/api/users/login", json={"user": {"email": email, "password": password}})


def new_article(client: httpx.Client, author: Account, **fields: Any) -> dict[str, Any]:
    """An article written through POST /api/articles (made-up text unless given)."""
    article = {"title": "A hidden article", "description": "About it.", "body": "The text."}
    response = client.post(ARTICLES, json={"article": article | fields}, headers=author.headers)
    assert response.status_code == 201, (
        f"writing an article: expected 201, your app answered {response.status_code}"
    )
    return response.json()["article"]


def listed(client: httpx.Client, headers: dict[str, str] | None = None, **params: Any):
    """GET /api/articles with these query parameters: (slugs in order, articlesCount)."""
    response = client.get(ARTICLES, params=params, headers=headers or {})
    assert response.status_code == 200, (
        f"the list of articles: expected 200, your app answered {response.status_code}"
    )
    body = response.json()
    return [article["slug"] for article in body["articles"]], body["articlesCount"]


def follow(client: httpx.Client, reader: Account, username: str) -> httpx.Response:
    return client.post(f"/api/profiles/{username}/follow", headers=reader.headers)


def bearer(account: Account) -> dict[str, str]:
    """The account's token in the wrong scheme: `Bearer`, which the spec does not use."""
    return {"Authorization": f"Bearer {account.token}"}


def forged(account: Account) -> dict[str, str]:
    """The account's token with its signature replaced: what a tampered token looks like."""
    header, payload, _ = account.token.split(".")
    return token_headers(f"{header}.{payload}.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ")
