"""Hidden contracts of milestone 2's comments: writing, listing and deleting them."""

import re

import pytest
from final_hidden_helpers import comment_on, error_of, forged

from helpers import write_article

pytestmark = pytest.mark.homework("capstone-final")

MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.mark.contract(
    "POST /api/articles/{slug}/comments",
    "paragraph 1",
    "input comment",
    "behavior 1",
    "output 200",
    "output id",
    "output createdAt",
    "output updatedAt",
    "output body",
    "output author",
)
def test_commenting_answers_the_comment_with_its_author(client, make_user):
    """POST /api/articles/{slug}/comments answers 200 with the comment: id, createdAt,
    updatedAt, body and the author's profile."""
    article, author = write_article(client, make_user()), make_user()
    response = client.post(
        f"/api/articles/{article['slug']}/comments",
        json={"comment": {"body": "Well said."}},
        headers=author.headers,
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"comment"}, 'the answer is {"comment": {...}}'
    comment = body["comment"]
    assert set(comment) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert isinstance(comment["id"], int) and comment["id"] > 0
    assert comment["body"] == "Well said."
    assert MOMENT.fullmatch(comment["createdAt"]), "createdAt: ISO 8601, milliseconds, Z"
    assert comment["updatedAt"] == comment["createdAt"]
    assert comment["author"] == {
        "username": author.username, "bio": None, "image": None, "following": False
    }  # fmt: skip


@pytest.mark.contract("POST /api/articles/{slug}/comments", "behavior 2", "error 422")
def test_a_missing_blank_or_too_long_comment_answers_422_and_stores_nothing(client, make_user):
    """POST /api/articles/{slug}/comments answers 422 for a body missing, blank or too long,
    and stores nothing."""
    article, reader = write_article(client, make_user()), make_user()
    path = f"/api/articles/{article['slug']}/comments"
    for payload in (
        {"comment": {}},
        {"comment": {"body": "  "}},
        {"comment": {"body": "x" * 60_000}},
        {},
    ):
        error_of(client.post(path, json=payload, headers=reader.headers), 422)
    assert client.get(path).json() == {"comments": []}, "nothing is stored"


@pytest.mark.contract("POST /api/articles/{slug}/comments", "behavior 3", "error 401", "error 404")
def test_commenting_needs_a_token_and_an_article(client, make_user, unique):
    """POST /api/articles/{slug}/comments answers 401 without a valid token and 404 for an
    unknown slug."""
    article, reader = write_article(client, make_user()), make_user()
    path = f"/api/articles/{article['slug']}/comments"
    error_of(client.post(path, json={"comment": {"body": "Hi."}}), 401)
    error_of(client.post(path, json={"comment": {"body": "Hi."}}, headers=forged(reader)), 401)
    error_of(
        client.post(
            f"/api/articles/{unique('none')}/comments",
            json={"comment": {"body": "Hi."}},
            headers=reader.headers,
        ),
        404,
    )
    assert client.get(path).json() == {"comments": []}, "a refused comment is not stored"


@pytest.mark.contract("GET /api/articles/{slug}/comments", "paragraph 1", "behavior 1")
def test_the_comments_of_an_article_are_listed_oldest_first_for_anyone(client, make_user):
    """GET /api/articles/{slug}/comments answers 200 with the article's comments only, oldest
    first; [] for an article without any."""
    article, other = write_article(client, make_user()), write_article(client, make_user())
    written = [comment_on(client, article["slug"], make_user(), f"Comment {n}") for n in range(3)]
    comment_on(client, other["slug"], make_user(), "Elsewhere.")
    response = client.get(f"/api/articles/{article['slug']}/comments")
    assert response.status_code == 200
    assert response.json() == {"comments": written}
    fresh = write_article(client, make_user())
    assert client.get(f"/api/articles/{fresh['slug']}/comments").json() == {"comments": []}


@pytest.mark.contract("GET /api/articles/{slug}/comments", "behavior 2")
def test_the_comments_tell_the_reader_whom_they_follow(client, make_user):
    """GET /api/articles/{slug}/comments with a token sets author.following for the reader."""
    article, reader, followed, other = (
        write_article(client, make_user()),
        *(make_user() for _ in range(3)),
    )
    client.post(f"/api/profiles/{followed.username}/follow", headers=reader.headers)
    comment_on(client, article["slug"], followed)
    comment_on(client, article["slug"], other)
    path = f"/api/articles/{article['slug']}/comments"
    seen = client.get(path, headers=reader.headers).json()["comments"]
    assert [c["author"]["following"] for c in seen] == [True, False]
    anonymous = client.get(path).json()["comments"]
    assert [c["author"]["following"] for c in anonymous] == [False, False]


@pytest.mark.contract("GET /api/articles/{slug}/comments", "behavior 3", "error 404")
def test_the_comments_of_an_unknown_article_answer_404(client, unique):
    """GET /api/articles/{slug}/comments answers 404 for an unknown slug."""
    error_of(client.get(f"/api/articles/{unique('none')}/comments"), 404)


@pytest.mark.contract("DELETE /api/articles/{slug}/comments/{id}", "paragraph 1", "behavior 1")
def test_the_author_deletes_their_comment(client, make_user):
    """DELETE /api/articles/{slug}/comments/{id} by its author answers 204 with no body, and
    the comment leaves the list; deleting it again answers 404."""
    article, author = write_article(client, make_user()), make_user()
    gone = comment_on(client, article["slug"], author, "Delete me.")
    kept = comment_on(client, article["slug"], author, "Keep me.")
    response = client.delete(
        f"/api/articles/{article['slug']}/comments/{gone['id']}", headers=author.headers
    )
    assert response.status_code == 204
    assert response.content == b"", "a 204 has no body"
    listed = client.get(f"/api/articles/{article['slug']}/comments").json()["comments"]
    assert listed == [kept]
    again = client.delete(
        f"/api/articles/{article['slug']}/comments/{gone['id']}", headers=author.headers
    )
    error_of(again, 404)
    listed = client.get(f"/api/articles/{article['slug']}/comments").json()["comments"]
    assert listed == [kept], "a second delete of a deleted comment takes no other"


@pytest.mark.contract(
    "DELETE /api/articles/{slug}/comments/{id}", "behavior 2", "error 403", "error 401"
)
def test_only_the_comments_author_deletes_it(client, make_user):
    """DELETE /api/articles/{slug}/comments/{id} answers 403 to anyone but the comment's
    author (the article's author too) and 401 without a valid token; the comment stays."""
    writer = make_user()
    article, commenter = write_article(client, writer), make_user()
    comment = comment_on(client, article["slug"], commenter)
    path = f"/api/articles/{article['slug']}/comments/{comment['id']}"
    for reader in (writer, make_user()):
        error_of(client.delete(path, headers=reader.headers), 403)
    error_of(client.delete(path), 401)
    error_of(client.delete(path, headers=forged(commenter)), 401)
    listed = client.get(f"/api/articles/{article['slug']}/comments").json()["comments"]
    assert listed == [comment], "the comment stays"


@pytest.mark.contract(
    "DELETE /api/articles/{slug}/comments/{id}", "behavior 3", "error 404", "error 422"
)
def test_a_comment_is_deleted_only_under_its_own_article(client, make_user, unique):
    """DELETE /api/articles/{slug}/comments/{id} answers 404 for a comment under another
    article or an unknown slug, and 422 for an id that cannot be one."""
    author = make_user()
    first, second = write_article(client, make_user()), write_article(client, make_user())
    comment = comment_on(client, first["slug"], author)
    later = comment_on(client, second["slug"], author)
    for slug, other in ((second["slug"], comment), (first["slug"], later)):
        error_of(
            client.delete(f"/api/articles/{slug}/comments/{other['id']}", headers=author.headers),
            404,
        )
    error_of(
        client.delete(
            f"/api/articles/{unique('none')}/comments/{comment['id']}", headers=author.headers
        ),
        404,
    )
    error_of(
        client.delete(
            f"/api/articles/{first['slug']}/comments/{2**31 - 1}", headers=author.headers
        ),
        404,
    )
    for impossible in (0, 2**31, "one"):
        error_of(
            client.delete(
                f"/api/articles/{first['slug']}/comments/{impossible}", headers=author.headers
            ),
            422,
        )
    listed = client.get(f"/api/articles/{first['slug']}/comments").json()["comments"]
    assert listed == [comment], "the comment stays"
    listed = client.get(f"/api/articles/{second['slug']}/comments").json()["comments"]
    assert listed == [later], "the other article's comment stays"
