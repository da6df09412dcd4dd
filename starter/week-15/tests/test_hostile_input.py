"""Contract: input no database can store is refused with a 422 in the spec's shape, never
answered with a 500: a NUL byte, half of a surrogate pair, text longer than its column, an
id or an offset past what an INTEGER holds, a body that is not JSON."""

import pytest

from helpers import errors_of, write_article

NUL = "a\x00b"
SURROGATE = '"\\ud800"'  # a lone surrogate, written as JSON escapes it


@pytest.mark.homework("capstone")
@pytest.mark.parametrize(
    "field",
    ["title", "description", "body"],
)
@pytest.mark.parametrize("value", [NUL, "x" * 50_001])
def test_article_text_no_column_can_hold_answers_422(client, make_user, field, value):
    article = {"title": "T", "description": "D", "body": "B", field: value}
    response = client.post("/api/articles", json={"article": article}, headers=make_user().headers)
    errors_of(response, 422)


@pytest.mark.homework("capstone")
@pytest.mark.parametrize(
    ("path", "envelope", "field"),
    [
        ("/api/users", "user", "username"),
        ("/api/users/login", "user", "password"),
        ("/api/articles", "article", "title"),
    ],
)
def test_a_lone_surrogate_answers_422(client, make_user, path, envelope, field):
    fields = {
        "username": '"someone"',
        "email": '"someone@example.org"',
        "password": '"jakejake"',
        "title": '"T"',
        "description": '"D"',
        "body": '"B"',
    }
    fields[field] = SURROGATE
    text = "{" + ", ".join(f'"{name}": {value}' for name, value in fields.items()) + "}"
    content = f'{{"{envelope}": {text}}}'.encode()
    headers = {"Content-Type": "application/json", **make_user().headers}
    errors_of(client.post(path, content=content, headers=headers), 422)


@pytest.mark.homework("capstone")
def test_a_nul_in_a_tag_or_a_comment_answers_422(client, make_user):
    author = make_user()
    article = {"title": "T", "description": "D", "body": "B", "tagList": [NUL]}
    errors_of(client.post("/api/articles", json={"article": article}, headers=author.headers), 422)
    written = write_article(client, author)
    path = f"/api/articles/{written['slug']}/comments"
    errors_of(client.post(path, json={"comment": {"body": NUL}}, headers=author.headers), 422)


@pytest.mark.parametrize(
    "path", ["/api/profiles/a%00b", "/api/articles/a%00b", "/api/articles/a%00b/comments"]
)
def test_a_nul_in_a_path_answers_422(client, path):
    errors_of(client.get(path), 422)


def test_a_slug_longer_than_any_slug_answers_422(client):
    errors_of(client.get(f"/api/articles/{'s' * 121}"), 422)


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[]", b'{"user": null}', b'"text"', b"\x17\xff"]
)
def test_a_body_that_is_not_the_envelope_answers_422(client, content):
    response = client.post(
        "/api/users", content=content, headers={"Content-Type": "application/json"}
    )
    errors_of(response, 422)


@pytest.mark.homework("capstone")
def test_the_update_of_a_user_refuses_nul_and_over_long_text(client, make_user):
    account = make_user()
    for changes in (
        {"bio": NUL},
        {"bio": "b" * 1001},
        {"image": "https://example.org/\x00"},
        {"username": NUL},
    ):
        errors_of(client.put("/api/user", json={"user": changes}, headers=account.headers), 422)
