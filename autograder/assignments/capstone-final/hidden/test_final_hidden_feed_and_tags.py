"""Hidden contracts of milestone 2's feed, tags, and what a deleted article takes with it."""

import pytest
from final_hidden_helpers import (
    comment_on,
    error_of,
    favorite,
    forged,
    slugs_and_count,
    tags_in_use,
)

from helpers import write_article

pytestmark = pytest.mark.homework("capstone-final")


def follow(client, reader, author):
    response = client.post(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    assert response.status_code == 200, f"following: expected 200, got {response.status_code}"


@pytest.mark.contract("GET /api/articles/feed", "paragraph 1", "behavior 1", "output 200")
def test_the_feed_lists_the_followed_authors_articles_newest_first(client, make_user):
    """GET /api/articles/feed answers 200 with the followed authors' articles, newest first,
    without body, never the reader's own or a stranger's."""
    reader, first, second, stranger = (make_user() for _ in range(4))
    follow(client, reader, first)
    follow(client, reader, second)
    a = write_article(client, first)
    write_article(client, stranger)
    b = write_article(client, second)
    write_article(client, reader)
    c = write_article(client, first)
    response = client.get("/api/articles/feed", headers=reader.headers)
    assert slugs_and_count(response) == ([c["slug"], b["slug"], a["slug"]], 3)
    articles = response.json()["articles"]
    assert all("body" not in article for article in articles), "the feed leaves body out"
    assert all(article["author"]["following"] for article in articles)


@pytest.mark.contract("GET /api/articles/feed", "behavior 2", "input limit", "input offset")
def test_the_feed_pages_and_counts_every_page(client, make_user):
    """GET /api/articles/feed pages by limit and offset, 20 unless told, and articlesCount
    counts every page."""
    reader, author = make_user(), make_user()
    follow(client, reader, author)
    newest = [write_article(client, author)["slug"] for _ in range(22)][::-1]
    feed = "/api/articles/feed"
    paged = client.get(feed, params={"limit": 2, "offset": 1}, headers=reader.headers)
    assert slugs_and_count(paged) == (newest[1:3], 22)
    assert slugs_and_count(client.get(feed, headers=reader.headers)) == (newest[:20], 22)


@pytest.mark.contract("GET /api/articles/feed", "behavior 3")
def test_the_feed_is_empty_without_follows_and_an_unfollowed_author_leaves_it(client, make_user):
    """GET /api/articles/feed answers no articles to a reader who follows nobody (however many
    others follow), and an unfollowed author's articles leave it at once."""
    reader, author, fan = make_user(), make_user(), make_user()
    write_article(client, author)
    follow(client, fan, author)
    empty = client.get("/api/articles/feed", headers=reader.headers)
    assert empty.json() == {"articles": [], "articlesCount": 0}
    follow(client, reader, author)
    assert slugs_and_count(client.get("/api/articles/feed", headers=reader.headers))[1] == 1
    client.delete(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    after = client.get("/api/articles/feed", headers=reader.headers)
    assert after.json() == {"articles": [], "articlesCount": 0}


@pytest.mark.contract("GET /api/articles/feed", "behavior 4", "error 401", "error 422")
# Given: the starter's route already checks the token and the paging; the check keeps it.
@pytest.mark.given
def test_the_feed_needs_a_token_and_paging_in_range(client, make_user):
    """GET /api/articles/feed answers 401 without a valid token and 422 for paging out of
    range or unknown."""
    reader = make_user()
    error_of(client.get("/api/articles/feed"), 401)
    error_of(client.get("/api/articles/feed", headers=forged(reader)), 401)
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"page": 2}):
        error_of(client.get("/api/articles/feed", params=params, headers=reader.headers), 422)


@pytest.mark.contract("GET /api/tags", "paragraph 1", "behavior 1", "output 200", "output tags")
def test_the_tags_in_use_are_listed_once_the_most_used_first(client, make_user, unique):
    """GET /api/tags answers 200 with every tag in use once, the most used first, then by
    name."""
    author = make_user()
    low, mid_b, mid_a, top = (unique(name) for name in ("low", "mid-b", "mid-a", "top"))
    for _ in range(2):
        write_article(client, author, tagList=[top, mid_a, mid_b])
    write_article(client, author, tagList=[top, low])
    response = client.get("/api/tags")
    assert response.status_code == 200
    assert set(response.json()) == {"tags"}, 'the answer is {"tags": [...]}'
    mine = [tag for tag in response.json()["tags"] if tag in {low, mid_a, mid_b, top}]
    assert mine == [top, *sorted([mid_a, mid_b]), low]
    assert len(set(response.json()["tags"])) == len(response.json()["tags"]), "each tag once"


@pytest.mark.contract("GET /api/tags", "behavior 2")
def test_a_tag_leaves_the_list_with_its_last_article(client, make_user, unique):
    """GET /api/tags leaves out a tag whose last article was deleted or no longer has it."""
    author = make_user()
    deleted_tag, changed_tag = unique("deleted"), unique("changed")
    gone = write_article(client, author, tagList=[deleted_tag])
    kept = write_article(client, author, tagList=[changed_tag])
    assert {deleted_tag, changed_tag} <= set(tags_in_use(client))
    client.delete(f"/api/articles/{gone['slug']}", headers=author.headers)
    client.put(
        f"/api/articles/{kept['slug']}", json={"article": {"tagList": []}}, headers=author.headers
    )
    assert not {deleted_tag, changed_tag} & set(tags_in_use(client))


@pytest.mark.contract("DELETE /api/articles/{slug}", "paragraph 1", "behavior 1")
def test_a_deleted_article_takes_its_comments_and_favorites_with_it(client, make_user, db):
    """DELETE /api/articles/{slug} leaves no comment or favorite of the article behind."""
    author, reader = make_user(), make_user()
    article = write_article(client, author)
    comment_on(client, article["slug"], reader)
    favorite(client, article["slug"], reader)
    response = client.delete(f"/api/articles/{article['slug']}", headers=author.headers)
    assert response.status_code == 204
    left = db(
        "SELECT (SELECT count(*) FROM comments c JOIN users u ON u.id = c.author_id"
        "        WHERE u.username = :u) AS comments,"
        "       (SELECT count(*) FROM favorites f JOIN users u ON u.id = f.user_id"
        "        WHERE u.username = :u) AS favorites",
        u=reader.username,
    )
    assert left == [{"comments": 0, "favorites": 0}], "no comment or favorite is left"
    listed = client.get("/api/articles", params={"favorited": reader.username})
    assert listed.json() == {"articles": [], "articlesCount": 0}
