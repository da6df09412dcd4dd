# >>> file from week 15
"""Contract: favorites.

POST   /api/articles/{slug}/favorite   200 the article, `favorited` true, counted once however
                                       often it is sent; 401; 404
DELETE /api/articles/{slug}/favorite   200 the article, `favorited` false (never favorited:
                                       no change); 401; 404
`favoritesCount` counts every user's favorite; `favorited` is the reader's own, everywhere
the article is shown.
"""

import pytest

from helpers import errors_of, write_article

pytestmark = pytest.mark.homework("capstone-final")


def test_favoriting_answers_the_article_favorited_and_counted(client, make_user):
    author, fan = make_user(), make_user()
    article = write_article(client, author)
    response = client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    assert response.status_code == 200
    favorited = response.json()["article"]
    assert (favorited["favorited"], favorited["favoritesCount"]) == (True, 1)
    assert favorited["body"] == article["body"]


def test_favoriting_twice_counts_once(client, make_user):
    article, fan = write_article(client, make_user()), make_user()
    for _ in range(2):
        response = client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    assert response.json()["article"]["favoritesCount"] == 1


def test_every_fan_counts_and_each_reader_sees_their_own_favorite(client, make_user):
    article, first, second, reader = (
        write_article(client, make_user()),
        *(make_user() for _ in range(3)),
    )
    for fan in (first, second):
        client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    path = f"/api/articles/{article['slug']}"
    assert client.get(path, headers=first.headers).json()["article"]["favorited"] is True
    as_reader = client.get(path, headers=reader.headers).json()["article"]
    assert (as_reader["favorited"], as_reader["favoritesCount"]) == (False, 2)
    anonymous = client.get(path).json()["article"]
    assert (anonymous["favorited"], anonymous["favoritesCount"]) == (False, 2)


def test_lists_show_the_count_and_the_readers_favorite(client, make_user):
    author, fan, reader = make_user(), make_user(), make_user()
    liked, other = write_article(client, author), write_article(client, author)
    client.post(f"/api/articles/{liked['slug']}/favorite", headers=fan.headers)
    client.post(f"/api/articles/{liked['slug']}/favorite", headers=reader.headers)
    params = {"author": author.username}
    shown = {
        a["slug"]: a
        for a in client.get("/api/articles", params=params, headers=fan.headers).json()["articles"]
    }
    assert (shown[liked["slug"]]["favorited"], shown[liked["slug"]]["favoritesCount"]) == (True, 2)
    assert (shown[other["slug"]]["favorited"], shown[other["slug"]]["favoritesCount"]) == (False, 0)
    client.post(f"/api/profiles/{author.username}/follow", headers=fan.headers)
    feed = client.get("/api/articles/feed", headers=fan.headers).json()["articles"]
    assert [(a["favorited"], a["favoritesCount"]) for a in feed] == [(False, 0), (True, 2)]


def test_unfavoriting_takes_the_favorite_back(client, make_user):
    article, fan, other = write_article(client, make_user()), make_user(), make_user()
    for user in (fan, other):
        client.post(f"/api/articles/{article['slug']}/favorite", headers=user.headers)
    for _ in range(2):
        response = client.delete(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
        assert response.status_code == 200
        assert (
            response.json()["article"]["favorited"],
            response.json()["article"]["favoritesCount"],
        ) == (False, 1)
    listed = client.get("/api/articles", params={"favorited": fan.username}).json()
    assert listed["articlesCount"] == 0


def test_unfavoriting_what_was_never_favorited_changes_nothing(client, make_user):
    article = write_article(client, make_user())
    response = client.delete(
        f"/api/articles/{article['slug']}/favorite", headers=make_user().headers
    )
    assert (
        response.json()["article"]["favorited"],
        response.json()["article"]["favoritesCount"],
    ) == (False, 0)


def test_favorites_need_a_token_and_an_article(client, make_user, unique):
    article = write_article(client, make_user())
    errors_of(client.post(f"/api/articles/{article['slug']}/favorite"), 401)
    errors_of(client.delete(f"/api/articles/{article['slug']}/favorite"), 401)
    fan = make_user()
    errors_of(client.post(f"/api/articles/{unique('none')}/favorite", headers=fan.headers), 404)
    errors_of(client.delete(f"/api/articles/{unique('none')}/favorite", headers=fan.headers), 404)
