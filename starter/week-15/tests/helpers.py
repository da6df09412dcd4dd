"""Small things the contract tests share: an account, the spec's error shape, writing an
article."""

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import httpx


@dataclass(frozen=True)
class Account:
    username: str
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return token_headers(self.token)

    def registration(self) -> dict[str, str]:
        return {"username": self.username, "email": self.email, "password": self.password}

    def with_token(self, token: str) -> "Account":
        return replace(self, token=token)


def token_headers(token: str) -> dict[str, str]:
    """The spec's authorization header."""
    return {"Authorization": f"Token {token}"}


def errors_of(response: httpx.Response, status: int) -> list[str]:
    """Check an error answer's status and the spec's shape, `{"errors": {"body": [...]}}`,
    and give its sentences."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:300]}"
    )
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"errors"}, f"not the spec's shape: {body}"
    assert set(body["errors"]) == {"body"}, f"not the spec's shape: {body}"
    sentences = body["errors"]["body"]
    assert sentences and all(isinstance(s, str) and s for s in sentences), body
    return sentences


def write_article(client: httpx.Client, author: Account, **fields: Any) -> dict[str, Any]:
    """Create an article as `author` (a title, description and body are made up unless
    given) and give the answer's article."""
    article = {"title": "An article", "description": "About something.", "body": "Text."}
    response = client.post(
        "/api/articles", json={"article": article | fields}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    return response.json()["article"]


def moment(text: str) -> datetime:
    """A timestamp of the API, which always has milliseconds and ends in Z."""
    assert text.endswith("Z") and len(text.split(".")[-1]) == 4, f"not the spec's form: {text}"
    return datetime.fromisoformat(text)
