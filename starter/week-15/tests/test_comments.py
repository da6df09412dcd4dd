"""Contract: comments.

GET    /api/articles/{slug}/comments        200 {"comments": [...]}, oldest first, token
                                            optional (it sets `author.following`); 404
POST   /api/articles/{slug}/comments        200 {"comment": {id, createdAt, updatedAt, body,
                                            author}}; 401; 404; 422 a blank or missing body
DELETE /api/articles/{slug}/comments/{id}   204; its author only (403); 401; 404 no such
                                            comment under this article; 422 an impossible id
"""

import pytest

from helpers import errors_of, moment, token_headers, write_article


def comment(client, article, author, body="A comment."):
    response = client.post(
        f"/api/articles/{article['slug']}/comments",
        json={"comment": {"body": body}},
        headers=author.headers,
    )
    assert response.status_code == 200, response.text
    return response.json()["comment"]


@pytest.mark.homework("capstone-final")
def test_commenting_answers_the_comment_with_its_author(client, make_user):
    article, reader = write_article(client, make_user()), make_user()
    response = client.post(
        f"/api/articles/{article['slug']}/comments",
        json={"comment": {"body": "  His name was my name too.  "}},
        headers=reader.headers,
    )
    assert response.status_code == 200
    created = response.json()["comment"]
    assert set(created) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert created["body"] == "His name was my name too."
    assert created["author"] == {
        "username": reader.username,
        "bio": None,
        "image": None,
        "following": False,
    }
    assert moment(created["createdAt"]) == moment(created["updatedAt"])


@pytest.mark.homework("capstone-final")
def test_comments_are_listed_oldest_first_for_anyone(client, make_user):
    article = write_article(client, make_user())
    written = [comment(client, article, make_user(), f"Comment {n}") for n in range(3)]
    response = client.get(f"/api/articles/{article['slug']}/comments")
    assert response.status_code == 200
    assert response.json() == {"comments": written}


@pytest.mark.homework("capstone-final")
def test_the_list_tells_the_reader_whom_they_follow(client, make_user):
    article, reader, followed, other = (
        write_article(client, make_user()),
        *(make_user() for _ in range(3)),
    )
    client.post(f"/api/profiles/{followed.username}/follow", headers=reader.headers)
    comment(client, article, followed)
    comment(client, article, other)
    comments = client.get(
        f"/api/articles/{article['slug']}/comments", headers=reader.headers
    ).json()["comments"]
    assert [c["author"]["following"] for c in comments] == [True, False]


@pytest.mark.homework("capstone-final")
def test_an_article_without_comments_has_an_empty_list(client, make_user):
    article = write_article(client, make_user())
    assert client.get(f"/api/articles/{article['slug']}/comments").json() == {"comments": []}


@pytest.mark.homework("capstone-final")
def test_comments_of_an_unknown_article_answer_404(client, make_user, unique):
    missing = f"/api/articles/{unique('none')}/comments"
    errors_of(client.get(missing), 404)
    errors_of(
        client.post(missing, json={"comment": {"body": "Hi"}}, headers=make_user().headers), 404
    )


def test_commenting_needs_a_token(client, make_user):
    article = write_article(client, make_user())
    errors_of(
        client.post(f"/api/articles/{article['slug']}/comments", json={"comment": {"body": "Hi"}}),
        401,
    )


@pytest.mark.homework("capstone-final")
@pytest.mark.parametrize(
    "payload",
    [
        {"comment": {"body": "   "}},
        {"comment": {}},
        {"body": "Hi"},
        {"comment": {"body": "x" * 5001}},
    ],
)
def test_a_blank_or_missing_comment_answers_422(client, make_user, payload):
    article = write_article(client, make_user())
    path = f"/api/articles/{article['slug']}/comments"
    errors_of(client.post(path, json=payload, headers=make_user().headers), 422)
    assert client.get(path).json() == {"comments": []}


@pytest.mark.homework("capstone-final")
def test_the_author_deletes_their_comment(client, make_user):
    article, reader = write_article(client, make_user()), make_user()
    kept, gone = comment(client, article, reader), comment(client, article, reader)
    path = f"/api/articles/{article['slug']}/comments"
    response = client.delete(f"{path}/{gone['id']}", headers=reader.headers)
    assert response.status_code == 204
    assert response.content == b""
    assert client.get(path).json() == {"comments": [kept]}
    errors_of(client.delete(f"{path}/{gone['id']}", headers=reader.headers), 404)


@pytest.mark.homework("capstone-final")
def test_only_the_comments_author_deletes_it(client, make_user):
    article_author, commenter = make_user(), make_user()
    article = write_article(client, article_author)
    written = comment(client, article, commenter)
    path = f"/api/articles/{article['slug']}/comments/{written['id']}"
    errors_of(client.delete(path, headers=article_author.headers), 403)
    errors_of(client.delete(path), 401)
    listed = client.get(f"/api/articles/{article['slug']}/comments").json()["comments"]
    assert listed == [written]


@pytest.mark.homework("capstone-final")
def test_a_comment_is_deleted_only_under_its_own_article(client, make_user):
    reader = make_user()
    first, second = write_article(client, make_user()), write_article(client, make_user())
    written = comment(client, first, reader)
    path = f"/api/articles/{second['slug']}/comments/{written['id']}"
    errors_of(client.delete(path, headers=reader.headers), 404)
    listed = client.get(f"/api/articles/{first['slug']}/comments").json()["comments"]
    assert listed == [written]


@pytest.mark.parametrize("comment_id", [0, 2**31, "one"])
def test_an_impossible_comment_id_answers_422(client, make_user, comment_id):
    article = write_article(client, make_user())
    path = f"/api/articles/{article['slug']}/comments/{comment_id}"
    errors_of(client.delete(path, headers=make_user().headers), 422)


@pytest.mark.homework("capstone-final")
def test_a_comment_id_no_comment_has_answers_404(client, make_user):
    article = write_article(client, make_user())
    path = f"/api/articles/{article['slug']}/comments/{2**31 - 1}"
    errors_of(client.delete(path, headers=make_user().headers), 404)


@pytest.mark.homework("capstone-final")
def test_a_bad_optional_token_on_the_comments_answers_401(client):
    path = "/api/articles/welcome-to-conduit/comments"
    assert client.get(path).status_code == 200
    errors_of(client.get(path, headers={"Authorization": "Bearer something"}), 401)
    errors_of(client.get(path, headers=token_headers("not.a.jwt")), 401)
