"""Contract: lists of articles.

GET /api/articles        200 {"articles": [...], "articlesCount": N}, newest first, without
                         bodies; `tag`, `author` (a username) and `favorited` (the username of
                         a fan) narrow it, together when several are given; `limit` (1-100,
                         default 20) and `offset` (from 0) page it, and `articlesCount` counts
                         every page. Token optional: it sets `favorited` and `author.following`.
                         422 a limit or offset out of range, a parameter it does not know
GET /api/articles/feed   the same for the articles of the authors the reader follows; 401
"""

import pytest

from helpers import errors_of, write_article


def slugs(response):
    assert response.status_code == 200, response.text
    return [article["slug"] for article in response.json()["articles"]]


@pytest.mark.homework("capstone")
def test_an_authors_articles_are_listed_newest_first_without_bodies(client, make_user):
    author = make_user()
    written = [write_article(client, author, title=f"Part {n}") for n in range(3)]
    response = client.get("/api/articles", params={"author": author.username})
    body = response.json()
    assert set(body) == {"articles", "articlesCount"}
    assert [a["slug"] for a in body["articles"]] == [a["slug"] for a in reversed(written)]
    assert body["articlesCount"] == 3
    newest = body["articles"][0]
    assert "body" not in newest
    assert newest == {key: value for key, value in written[-1].items() if key != "body"}


@pytest.mark.homework("capstone")
def test_the_author_filter_ignores_case(client, make_user):
    author = make_user()
    article = write_article(client, author)
    response = client.get("/api/articles", params={"author": author.username.upper()})
    assert slugs(response) == [article["slug"]]


@pytest.mark.homework("capstone")
def test_the_tag_filter_lists_only_articles_with_that_tag(client, make_user, unique):
    author, tag = make_user(), unique("dragons")
    tagged = write_article(client, author, tagList=[tag, "other"])
    write_article(client, author, tagList=["other"])
    also = write_article(client, make_user(), tagList=[tag])
    response = client.get("/api/articles", params={"tag": tag})
    assert slugs(response) == [also["slug"], tagged["slug"]]
    assert response.json()["articlesCount"] == 2


@pytest.mark.homework("capstone-final")
def test_the_favorited_filter_lists_what_that_user_favorited(client, make_user):
    fan, author = make_user(), make_user()
    liked = [write_article(client, author) for _ in range(2)]
    write_article(client, author)
    for article in liked:
        client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    response = client.get("/api/articles", params={"favorited": fan.username})
    assert slugs(response) == [liked[1]["slug"], liked[0]["slug"]]


@pytest.mark.homework("capstone-final")
def test_filters_given_together_all_apply(client, make_user, unique):
    fan, author, other, tag = make_user(), make_user(), make_user(), unique("both")
    match = write_article(client, author, tagList=[tag])
    not_favorited = write_article(client, author, tagList=[tag])
    other_author = write_article(client, other, tagList=[tag])
    untagged = write_article(client, author)
    for article in (match, other_author, untagged):
        client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    response = client.get(
        "/api/articles", params={"tag": tag, "author": author.username, "favorited": fan.username}
    )
    assert slugs(response) == [match["slug"]]
    assert not_favorited["slug"] not in slugs(response)


@pytest.mark.homework("capstone")
@pytest.mark.parametrize("name", ["tag", "author"])
def test_a_filter_nothing_matches_gives_an_empty_list(client, unique, name):
    response = client.get("/api/articles", params={name: unique("nothing")})
    assert response.json() == {"articles": [], "articlesCount": 0}


@pytest.mark.homework("capstone")
def test_limit_and_offset_page_the_list_and_the_count_spans_every_page(client, make_user):
    author = make_user()
    written = [write_article(client, author, title=f"Page {n}") for n in range(5)]
    newest_first = [article["slug"] for article in reversed(written)]
    pages = [
        client.get("/api/articles", params={"author": author.username, "limit": 2, "offset": o})
        for o in (0, 2, 4, 6)
    ]
    assert [slugs(page) for page in pages] == [
        newest_first[0:2],
        newest_first[2:4],
        newest_first[4:],
        [],
    ]
    assert {page.json()["articlesCount"] for page in pages} == {5}


@pytest.mark.homework("capstone")
def test_the_list_shows_twenty_articles_unless_told_otherwise(client, make_user):
    author = make_user()
    for n in range(21):
        write_article(client, author, title=f"Many {n}")
    response = client.get("/api/articles", params={"author": author.username})
    assert len(slugs(response)) == 20
    assert response.json()["articlesCount"] == 21


OUT_OF_RANGE = [{"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"offset": -1}, {"offset": 2**31}]


@pytest.mark.parametrize(
    "params", [*OUT_OF_RANGE, {"tag": "x" * 41}, {"author": "a\x00b"}, {"favorited": "y" * 41}]
)
def test_a_paging_or_filter_value_out_of_range_answers_422(client, params):
    errors_of(client.get("/api/articles", params=params), 422)


@pytest.mark.homework("capstone")
@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/feed"])
def test_a_query_parameter_the_api_does_not_know_answers_422(client, make_user, path):
    sentences = errors_of(client.get(path, params={"tags": "x"}, headers=make_user().headers), 422)
    assert any(sentence.startswith("tags:") for sentence in sentences), sentences


@pytest.mark.homework("capstone")
@pytest.mark.parametrize("params", OUT_OF_RANGE)
def test_the_feed_refuses_paging_out_of_range_with_422(client, make_user, params):
    errors_of(client.get("/api/articles/feed", params=params, headers=make_user().headers), 422)


@pytest.mark.homework("capstone")
def test_the_list_tells_each_reader_whom_they_follow(client, make_user):
    reader, followed, other = make_user(), make_user(), make_user()
    client.post(f"/api/profiles/{followed.username}/follow", headers=reader.headers)
    tag = f"follow-{reader.username}"
    write_article(client, followed, tagList=[tag])
    write_article(client, other, tagList=[tag])
    response = client.get("/api/articles", params={"tag": tag}, headers=reader.headers)
    following = {
        a["author"]["username"]: a["author"]["following"] for a in response.json()["articles"]
    }
    assert following == {followed.username: True, other.username: False}
    anonymous = client.get("/api/articles", params={"tag": tag}).json()["articles"]
    assert {a["author"]["following"] for a in anonymous} == {False}


@pytest.mark.homework("capstone-final")
def test_the_feed_lists_the_followed_authors_articles_newest_first(client, make_user):
    reader, first, second, stranger = make_user(), make_user(), make_user(), make_user()
    for author in (first, second):
        client.post(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    a = write_article(client, first)
    write_article(client, stranger)
    b = write_article(client, second)
    write_article(client, reader)  # one's own articles are not in one's feed
    c = write_article(client, first)
    response = client.get("/api/articles/feed", headers=reader.headers)
    assert slugs(response) == [c["slug"], b["slug"], a["slug"]]
    assert response.json()["articlesCount"] == 3
    assert all(article["author"]["following"] for article in response.json()["articles"])
    assert all("body" not in article for article in response.json()["articles"])


@pytest.mark.homework("capstone-final")
def test_the_feed_pages_like_the_list(client, make_user):
    reader, author = make_user(), make_user()
    client.post(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    written = [write_article(client, author) for _ in range(3)]
    response = client.get(
        "/api/articles/feed", params={"limit": 1, "offset": 1}, headers=reader.headers
    )
    assert slugs(response) == [written[1]["slug"]]
    assert response.json()["articlesCount"] == 3


@pytest.mark.homework("capstone-final")
def test_the_feed_is_empty_for_a_reader_who_follows_nobody(client, make_user):
    response = client.get("/api/articles/feed", headers=make_user().headers)
    assert response.json() == {"articles": [], "articlesCount": 0}


@pytest.mark.homework("capstone-final")
def test_an_unfollowed_authors_articles_leave_the_feed(client, make_user):
    reader, author = make_user(), make_user()
    client.post(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    write_article(client, author)
    client.delete(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    assert client.get("/api/articles/feed", headers=reader.headers).json()["articlesCount"] == 0


def test_the_feed_needs_a_token(client):
    errors_of(client.get("/api/articles/feed"), 401)


@pytest.mark.homework("capstone")
def test_the_sample_data_is_listed_for_everyone(client):
    response = client.get("/api/articles", params={"author": "alice"})
    assert "welcome-to-conduit" in slugs(response)
