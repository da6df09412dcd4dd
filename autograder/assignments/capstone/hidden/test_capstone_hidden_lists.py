"""Hidden contracts of milestone 1's list of articles: order, filters, paging and counts."""

import pytest
from capstone_hidden_helpers import error_of, listed, new_article, register

pytestmark = pytest.mark.homework("capstone")


@pytest.mark.contract(
    "GET /api/articles",
    "paragraph 1",
    "behavior 1",
    "input author",
    "output 200",
    "output articles",
    "output articlesCount",
)
def test_an_authors_articles_are_listed_newest_first_without_bodies(client, unique):
    """GET /api/articles?author= answers 200 with that author's articles, newest first,
    without body, and articlesCount."""
    author = register(client, unique)
    written = [new_article(client, author, title=f"Part {n}") for n in range(3)]
    new_article(client, register(client, unique))
    response = client.get("/api/articles", params={"author": author.username.upper()})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"articles", "articlesCount"}, "exactly articles and articlesCount"
    assert [a["slug"] for a in body["articles"]] == [a["slug"] for a in reversed(written)]
    assert body["articlesCount"] == 3
    newest = body["articles"][0]
    assert "body" not in newest, "a list leaves the body out"
    assert newest == {k: v for k, v in written[-1].items() if k != "body"}


@pytest.mark.contract("GET /api/articles", "input tag", "behavior 2")
def test_the_tag_and_author_filters_narrow_the_list_together(client, unique):
    """GET /api/articles?tag= lists only articles with that tag; with author= too, both
    apply."""
    author, other, tag = register(client, unique), register(client, unique), unique("tag")
    mine = new_article(client, author, tagList=[tag, "extra"])
    new_article(client, author, tagList=["extra"])
    theirs = new_article(client, other, tagList=[tag])
    assert listed(client, tag=tag) == ([theirs["slug"], mine["slug"]], 2)
    assert listed(client, tag=tag, author=author.username) == ([mine["slug"]], 1)


@pytest.mark.contract("GET /api/articles", "behavior 3", "input limit", "input offset")
def test_limit_and_offset_page_the_list_and_the_count_spans_every_page(client, unique):
    """GET /api/articles pages by limit and offset, 20 unless told, and articlesCount counts
    every page."""
    author = register(client, unique)
    slugs = [new_article(client, author, title=f"Page {n}")["slug"] for n in range(22)]
    newest = list(reversed(slugs))
    assert listed(client, author=author.username, limit=3, offset=2) == (newest[2:5], 22)
    assert listed(client, author=author.username, limit=5, offset=20) == (newest[20:], 22)
    assert listed(client, author=author.username, offset=30) == ([], 22)
    assert listed(client, author=author.username) == (newest[:20], 22), "20 unless told"


@pytest.mark.contract("GET /api/articles", "behavior 4")
def test_a_filter_nothing_matches_gives_an_empty_list(client, unique):
    """GET /api/articles with a tag or author nothing matches answers an empty list."""
    for name in ("tag", "author"):
        response = client.get("/api/articles", params={name: unique("nothing")})
        assert response.status_code == 200
        assert response.json() == {"articles": [], "articlesCount": 0}


@pytest.mark.contract("GET /api/articles", "behavior 5", "error 422")
# Given: the starter's schemas already refuse this input; the check keeps it refused.
@pytest.mark.given
def test_paging_out_of_range_or_an_unknown_parameter_answers_422(client):
    """GET /api/articles answers 422 for a limit or offset out of range or a parameter it
    does not know."""
    for params in ({"limit": 0}, {"limit": 101}, {"offset": -1}, {"limit": "ten"}, {"tags": "x"}):
        error_of(client.get("/api/articles", params=params), 422)
