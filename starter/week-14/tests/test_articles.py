"""Contract: one article at a time.

POST   /api/articles          201 {"article": {slug, title, description, body, tagList,
                              createdAt, updatedAt, favorited, favoritesCount, author}}
                              401; 422 a field missing, blank or too long
GET    /api/articles/{slug}   200 the article, token optional; 404
PUT    /api/articles/{slug}   200 the changed article (a new title: a new slug); its author
                              only (403); 401; 404; 422 nothing to change
DELETE /api/articles/{slug}   204, and its comments and favorites go with it; its author
                              only (403); 401; 404
The slug comes from the title; when another article has it, a suffix makes it unique.
Times are UTC with milliseconds (2026-05-04T09:30:00.000Z).
"""

import pytest

from helpers import errors_of, moment, write_article


@pytest.mark.homework("capstone")
def test_writing_an_article_answers_it_with_its_author(client, make_user, unique):
    author = make_user()
    title = unique("How to train your dragon")
    article = {
        "title": title,
        "description": "Ever wonder how?",
        "body": "You have to believe",
        "tagList": ["dragons", "training"],
    }
    response = client.post("/api/articles", json={"article": article}, headers=author.headers)
    assert response.status_code == 201
    created = response.json()["article"]
    assert created["slug"] == title.lower().replace(" ", "-")
    assert (created["title"], created["description"], created["body"]) == (
        title,
        "Ever wonder how?",
        "You have to believe",
    )
    assert created["tagList"] == ["dragons", "training"]
    assert (created["favorited"], created["favoritesCount"]) == (False, 0)
    assert created["author"] == {
        "username": author.username,
        "bio": None,
        "image": None,
        "following": False,
    }
    assert moment(created["createdAt"]) == moment(created["updatedAt"])


@pytest.mark.homework("capstone")
def test_tags_are_trimmed_listed_once_and_sorted_by_name(client, make_user):
    author = make_user()
    article = write_article(client, author, tagList=[" zebra ", "apple", "zebra", "mango"])
    assert article["tagList"] == ["apple", "mango", "zebra"]


@pytest.mark.homework("capstone")
def test_the_slug_is_made_of_the_titles_letters_and_digits(client, make_user, unique):
    author = make_user()
    word = unique("word")
    article = write_article(client, author, title=f"  Crème Brûlée: 10 ways?! {word} ")
    assert article["slug"] == f"creme-brulee-10-ways-{word}"
    assert article["title"] == f"Crème Brûlée: 10 ways?! {word}"


@pytest.mark.homework("capstone")
def test_a_second_article_with_the_same_title_gets_a_slug_of_its_own(client, make_user, unique):
    title = unique("Same title")
    first = write_article(client, make_user(), title=title)
    second = write_article(client, make_user(), title=title)
    assert first["slug"] == title.lower().replace(" ", "-")
    assert second["slug"].startswith(first["slug"] + "-")
    assert client.get(f"/api/articles/{second['slug']}").json()["article"]["slug"] == second["slug"]


@pytest.mark.homework("capstone")
def test_an_article_is_readable_without_a_token(client, make_user):
    author = make_user()
    written = write_article(client, author, body="The whole text.")
    response = client.get(f"/api/articles/{written['slug']}")
    assert response.status_code == 200
    assert response.json() == {"article": written}


@pytest.mark.homework("capstone")
def test_an_unknown_article_answers_404(client, unique):
    errors_of(client.get(f"/api/articles/{unique('no-such-article')}"), 404)


def test_writing_needs_a_token(client):
    article = {"title": "T", "description": "D", "body": "B"}
    errors_of(client.post("/api/articles", json={"article": article}), 401)


@pytest.mark.homework("capstone")
@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"description": "D", "body": "B"}, "article.title"),
        ({"title": "T", "body": "B"}, "article.description"),
        ({"title": "T", "description": "D"}, "article.body"),
        ({"title": "   ", "description": "D", "body": "B"}, "article.title"),
        ({"title": "T" * 201, "description": "D", "body": "B"}, "article.title"),
        ({"title": "T", "description": "D", "body": "B", "tagList": "dragons"}, "article.tagList"),
        ({"title": "T", "description": "D", "body": "B", "tagList": [""]}, "article.tagList.0"),
        ({"title": "T", "description": "D", "body": "B", "tagList": ["t"] * 21}, "article.tagList"),
    ],
)
def test_an_article_with_a_field_missing_or_invalid_answers_422(client, make_user, article, field):
    author = make_user()
    response = client.post("/api/articles", json={"article": article}, headers=author.headers)
    assert any(sentence.startswith(f"{field}:") for sentence in errors_of(response, 422))


@pytest.mark.homework("capstone")
def test_the_author_changes_only_what_they_send(client, make_user):
    author = make_user()
    written = write_article(client, author, body="Old body.", tagList=["kept"])
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"body": "New body."}},
        headers=author.headers,
    )
    assert response.status_code == 200
    changed = response.json()["article"]
    assert changed["body"] == "New body."
    for field in ("slug", "title", "description", "tagList", "createdAt"):
        assert changed[field] == written[field]
    assert moment(changed["updatedAt"]) >= moment(written["updatedAt"])
    assert client.get(f"/api/articles/{written['slug']}").json()["article"] == changed


@pytest.mark.homework("capstone")
def test_a_new_title_gives_a_new_slug_and_the_old_one_is_gone(client, make_user, unique):
    author = make_user()
    written = write_article(client, author, title=unique("First title"))
    new_title = unique("Second title")
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"title": new_title}},
        headers=author.headers,
    )
    changed = response.json()["article"]
    assert (changed["title"], changed["slug"]) == (new_title, new_title.lower().replace(" ", "-"))
    assert client.get(f"/api/articles/{changed['slug']}").status_code == 200
    errors_of(client.get(f"/api/articles/{written['slug']}"), 404)


@pytest.mark.homework("capstone")
def test_a_title_that_makes_the_same_slug_keeps_it(client, make_user, unique):
    author = make_user()
    title = unique("Kept slug")
    first = write_article(client, make_user(), title=title)
    second = write_article(client, author, title=title)  # suffixed: `first` has the plain slug
    response = client.put(
        f"/api/articles/{second['slug']}",
        json={"article": {"title": title.upper()}},
        headers=author.headers,
    )
    assert response.json()["article"]["slug"] == second["slug"] != first["slug"]


@pytest.mark.homework("capstone")
def test_sending_tags_replaces_them(client, make_user):
    author = make_user()
    written = write_article(client, author, tagList=["old", "both"])
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"tagList": ["both", "new"]}},
        headers=author.headers,
    )
    assert response.json()["article"]["tagList"] == ["both", "new"]


@pytest.mark.homework("capstone")
def test_only_the_author_changes_an_article(client, make_user):
    author, other = make_user(), make_user()
    written = write_article(client, author)
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"body": "Mine now."}},
        headers=other.headers,
    )
    errors_of(response, 403)
    assert client.get(f"/api/articles/{written['slug']}").json()["article"] == written


@pytest.mark.homework("capstone")
def test_an_update_names_the_field_that_may_not_be_null(client, make_user):
    author = make_user()
    written = write_article(client, author)
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"tagList": None}},
        headers=author.headers,
    )
    assert errors_of(response, 422) == [
        "article: tagList cannot be null; leave a field out to keep it"
    ]


@pytest.mark.homework("capstone")
@pytest.mark.parametrize("article", [{}, {"title": None}, {"body": ""}, {"tagList": None}])
def test_an_update_with_nothing_valid_to_change_answers_422(client, make_user, article):
    author = make_user()
    written = write_article(client, author)
    path = f"/api/articles/{written['slug']}"
    errors_of(client.put(path, json={"article": article}, headers=author.headers), 422)
    assert client.get(path).json()["article"] == written


@pytest.mark.homework("capstone")
def test_changing_needs_a_token_and_an_article(client, make_user, unique):
    author = make_user()
    written = write_article(client, author)
    errors_of(client.put(f"/api/articles/{written['slug']}", json={"article": {"body": "B"}}), 401)
    missing = f"/api/articles/{unique('missing')}"
    errors_of(client.put(missing, json={"article": {"body": "B"}}, headers=author.headers), 404)


@pytest.mark.homework("capstone")
def test_the_author_deletes_an_article(client, make_user):
    author = make_user()
    written = write_article(client, author)
    path = f"/api/articles/{written['slug']}"
    response = client.delete(path, headers=author.headers)
    assert response.status_code == 204
    assert response.content == b""
    errors_of(client.get(path), 404)


@pytest.mark.homework("capstone")
def test_only_the_author_deletes_an_article(client, make_user):
    author, other = make_user(), make_user()
    written = write_article(client, author)
    errors_of(client.delete(f"/api/articles/{written['slug']}", headers=other.headers), 403)
    errors_of(client.delete(f"/api/articles/{written['slug']}"), 401)
    assert client.get(f"/api/articles/{written['slug']}").status_code == 200


@pytest.mark.homework("capstone")
def test_deleting_an_unknown_article_answers_404(client, make_user, unique):
    errors_of(client.delete(f"/api/articles/{unique('gone')}", headers=make_user().headers), 404)
