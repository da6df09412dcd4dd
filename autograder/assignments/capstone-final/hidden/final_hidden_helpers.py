"""What the hidden checks of the capstone's milestone 2 share, on top of the app's own test
helpers (`helpers.py`, `make_user` of its conftest): comments, favorites and the tags, made
and read through the API.

Every check makes the users and articles it needs under names no other check uses, so the
checks run in any order against one live app holding the sample data.
"""

import httpx

from helpers import Account, errors_of, token_headers

# The app's error check under the name the course's page checks read the statuses by.
error_of = errors_of


def comment_on(client: httpx.Client, slug: str, author: Account, body: str = "Nice.") -> dict:
    """A comment written through POST /api/articles/{slug}/comments."""
    response = client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=author.headers
    )
    assert response.status_code == 200, (
        f"commenting: expected 200, your app answered {response.status_code}"
    )
    return response.json()["comment"]


def favorite(client: httpx.Client, slug: str, reader: Account) -> httpx.Response:
    return client.post(f"/api/articles/{slug}/favorite", headers=reader.headers)


def tags_in_use(client: httpx.Client) -> list[str]:
    response = client.get("/api/tags")
    assert response.status_code == 200, (
        f"the tags: expected 200, your app answered {response.status_code}"
    )
    return response.json()["tags"]


def forged(account: Account) -> dict[str, str]:
    """The account's token with its signature replaced: what a tampered token looks like."""
    header, payload, _ = account.token.split(".")
    return token_headers(f"{header}.{payload}.c2lnbmVkLWJ5LXNvbWVvbmUtZWxzZQ")


def slugs_and_count(response: httpx.Response) -> tuple[list[str], int]:
    assert response.status_code == 200, (
        f"a list of articles: expected 200, your app answered {response.status_code}"
    )
    body = response.json()
    return [article["slug"] for article in body["articles"]], body["articlesCount"]
