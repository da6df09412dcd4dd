"""Hidden contracts of milestone 2's favorites: favoriting, taking it back, the counts and the
favorited filter."""

import pytest
from final_hidden_helpers import error_of, favorite, forged, slugs_and_count

from helpers import write_article

pytestmark = pytest.mark.homework("capstone-final")


@pytest.mark.contract("POST /api/articles/{slug}/favorite", "paragraph 1", "behavior 1")
def test_favoriting_answers_the_article_favorited_and_counted(client, make_user):
    """POST /api/articles/{slug}/favorite answers 200 with the article, favorited true and
    favoritesCount 1."""
    article, fan = write_article(client, make_user(), body="All of it."), make_user()
    response = favorite(client, article["slug"], fan)
    assert response.status_code == 200
    shown = response.json()["article"]
    assert (shown["favorited"], shown["favoritesCount"]) == (True, 1)
    assert {k: v for k, v in shown.items() if k not in ("favorited", "favoritesCount")} == {
        k: v for k, v in article.items() if k not in ("favorited", "favoritesCount")
    }, "the rest of the article as GET /api/articles/{slug} shows it"


@pytest.mark.contract("POST /api/articles/{slug}/favorite", "behavior 2")
def test_favoriting_twice_stores_one_favorite(client, make_user, db):
    """POST /api/articles/{slug}/favorite twice counts once: one favorite is stored."""
    article, fan = write_article(client, make_user()), make_user()
    for _ in range(2):
        response = favorite(client, article["slug"], fan)
        assert response.status_code == 200
    assert response.json()["article"]["favoritesCount"] == 1
    rows = db(
        "SELECT count(*) AS n FROM favorites f JOIN users u ON u.id = f.user_id "
        "WHERE u.username = :u",
        u=fan.username,
    )
    assert rows == [{"n": 1}], "one favorite is stored"


@pytest.mark.contract("POST /api/articles/{slug}/favorite", "behavior 3", "error 401", "error 404")
def test_favoriting_needs_a_token_and_an_article(client, make_user, unique):
    """POST /api/articles/{slug}/favorite answers 401 without a valid token and 404 for an
    unknown slug."""
    article, fan = write_article(client, make_user()), make_user()
    error_of(client.post(f"/api/articles/{article['slug']}/favorite"), 401)
    error_of(client.post(f"/api/articles/{article['slug']}/favorite", headers=forged(fan)), 401)
    error_of(favorite(client, unique("none"), fan), 404)
    shown = client.get(f"/api/articles/{article['slug']}").json()["article"]
    assert shown["favoritesCount"] == 0, "a refused favorite is not counted"


@pytest.mark.contract("DELETE /api/articles/{slug}/favorite", "paragraph 1", "behavior 1")
def test_unfavoriting_takes_the_readers_favorite_back_only(client, make_user):
    """DELETE /api/articles/{slug}/favorite answers 200 with favorited false and the count one
    lower; other readers' favorites and the reader's favorites of other articles stay."""
    author, other, fan = make_user(), make_user(), make_user()
    older, article, newer = (write_article(client, author) for _ in range(3))
    favorite(client, article["slug"], other)
    for each in (older, article, newer):
        favorite(client, each["slug"], fan)
    response = client.delete(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    assert response.status_code == 200
    shown = response.json()["article"]
    assert (shown["favorited"], shown["favoritesCount"]) == (False, 1)
    for_other = client.get(f"/api/articles/{article['slug']}", headers=other.headers)
    assert for_other.json()["article"]["favorited"] is True, "the other reader's favorite stays"
    for each in (older, newer):
        kept = client.get(f"/api/articles/{each['slug']}", headers=fan.headers).json()["article"]
        assert (kept["favorited"], kept["favoritesCount"]) == (True, 1), (
            "the reader's favorites of the other articles stay"
        )


@pytest.mark.contract("DELETE /api/articles/{slug}/favorite", "behavior 2")
def test_unfavoriting_what_was_never_favorited_changes_nothing(client, make_user):
    """DELETE /api/articles/{slug}/favorite without a favorite answers the same 200."""
    article, reader, fan = write_article(client, make_user()), make_user(), make_user()
    favorite(client, article["slug"], fan)
    response = client.delete(f"/api/articles/{article['slug']}/favorite", headers=reader.headers)
    assert response.status_code == 200
    shown = response.json()["article"]
    assert (shown["favorited"], shown["favoritesCount"]) == (False, 1)


@pytest.mark.contract(
    "DELETE /api/articles/{slug}/favorite", "behavior 3", "error 401", "error 404"
)
def test_unfavoriting_needs_a_token_and_an_article(client, make_user, unique):
    """DELETE /api/articles/{slug}/favorite answers 401 without a valid token and 404 for an
    unknown slug."""
    article, fan = write_article(client, make_user()), make_user()
    favorite(client, article["slug"], fan)
    error_of(client.delete(f"/api/articles/{article['slug']}/favorite"), 401)
    error_of(client.delete(f"/api/articles/{article['slug']}/favorite", headers=forged(fan)), 401)
    error_of(client.delete(f"/api/articles/{unique('none')}/favorite", headers=fan.headers), 404)
    shown = client.get(f"/api/articles/{article['slug']}").json()["article"]
    assert shown["favoritesCount"] == 1, "a refused unfavorite changes nothing"


@pytest.mark.contract("GET /api/articles", "paragraph 1", "behavior 1")
def test_lists_count_every_favorite_and_show_the_readers_own(client, make_user):
    """GET /api/articles shows favoritesCount of every user and favorited for the reader
    (false without a token), as GET /api/articles/{slug} does."""
    author, fan, other, reader = (make_user() for _ in range(4))
    plain, liked = write_article(client, author), write_article(client, author)
    for who in (fan, other):
        favorite(client, liked["slug"], who)
    params = {"author": author.username}
    for headers, mine in ((fan.headers, True), (reader.headers, False), ({}, False)):
        articles = client.get("/api/articles", params=params, headers=headers).json()["articles"]
        shown = {a["slug"]: (a["favorited"], a["favoritesCount"]) for a in articles}
        assert shown == {liked["slug"]: (mine, 2), plain["slug"]: (False, 0)}
        one = client.get(f"/api/articles/{liked['slug']}", headers=headers).json()["article"]
        assert (one["favorited"], one["favoritesCount"]) == (mine, 2)


@pytest.mark.contract("GET /api/articles", "input favorited", "behavior 2")
def test_the_favorited_filter_lists_what_that_user_favorited(client, make_user, unique):
    """GET /api/articles?favorited= lists the articles that user favorited, newest first,
    with tag and author too; nothing for a user who favorited nothing."""
    fan, author, other, tag = make_user(), make_user(), make_user(), unique("fav")
    first = write_article(client, author, tagList=[tag])
    second = write_article(client, other, tagList=[tag])
    untagged = write_article(client, author)
    write_article(client, author, tagList=[tag])  # never favorited
    for article in (first, second, untagged):
        favorite(client, article["slug"], fan)
    mine = client.get("/api/articles", params={"favorited": fan.username.upper()})
    assert slugs_and_count(mine) == ([untagged["slug"], second["slug"], first["slug"]], 3)
    both = client.get(
        "/api/articles", params={"favorited": fan.username, "tag": tag, "author": author.username}
    )
    assert slugs_and_count(both) == ([first["slug"]], 1)
    for name in (make_user().username, unique("nobody")):
        nothing = client.get("/api/articles", params={"favorited": name})
        assert nothing.json() == {"articles": [], "articlesCount": 0}
