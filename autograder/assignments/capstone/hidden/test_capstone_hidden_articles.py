"""Hidden contracts of milestone 1's articles: writing, reading, changing and deleting one."""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from capstone_hidden_helpers import error_of, follow, forged, new_article, register

pytestmark = pytest.mark.homework("capstone")

ARTICLE_FIELDS = {
    "slug", "title", "description", "body", "tagList", "createdAt", "updatedAt",
    "favorited", "favoritesCount", "author",
}  # fmt: skip
# Requests sent at once to race for one slug and one new tag.
WRITERS = 12
MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.mark.contract(
    "POST /api/articles",
    "paragraph 1",
    "input article",
    "behavior 1",
    "output 201",
    "output title",
    "output description",
    "output body",
    "output createdAt",
    "output updatedAt",
    "output favorited",
    "output favoritesCount",
    "output author",
)
def test_writing_an_article_answers_it_with_its_author(client, unique):
    """POST /api/articles answers 201 with the article: its fields, the reader as author, no
    favorites yet, createdAt equal to updatedAt."""
    author = register(client, unique)
    sent = {"title": unique("Dragons"), "description": "How to.", "body": "Believe."}
    response = client.post("/api/articles", json={"article": sent}, headers=author.headers)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"article"}, 'the answer is {"article": {...}}'
    article = body["article"]
    assert set(article) == ARTICLE_FIELDS, "an article has exactly the spec's fields"
    assert (article["title"], article["description"], article["body"]) == tuple(sent.values())
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["author"] == {
        "username": author.username, "bio": None, "image": None, "following": False
    }  # fmt: skip
    assert MOMENT.fullmatch(article["createdAt"]), "createdAt: ISO 8601, milliseconds, Z"
    assert article["createdAt"] == article["updatedAt"], "a new article: updatedAt = createdAt"


@pytest.mark.contract("POST /api/articles", "behavior 2", "output slug")
def test_the_slug_is_made_of_the_title_and_a_taken_one_is_not_reused(client, unique):
    """POST /api/articles makes the slug of the title's lower-case words joined by -, and a
    second article of the same title a slug of its own."""
    author = register(client, unique)
    word = unique("train")
    title = f"How to {word.upper()} Your Dragon!"
    first = new_article(client, author, title=title)
    assert first["slug"] == f"how-to-{word}-your-dragon"
    second = new_article(client, register(client, unique), title=title)
    assert second["slug"] != first["slug"], "a taken slug is not given twice"
    assert second["slug"].startswith(f"how-to-{word}-your-dragon")
    assert client.get(f"/api/articles/{first['slug']}").json()["article"]["body"] == first["body"]


@pytest.mark.contract("POST /api/articles", "behavior 2", "behavior 3")
def test_articles_of_one_title_and_a_new_tag_written_at_once_all_succeed(client, unique, db):
    """POST /api/articles a dozen times at once, one title and one new tag: every one answers
    201 with a slug of its own and the tag, which is stored once."""
    author = register(client, unique)
    word, tag = unique("rush"), unique("rushtag")
    article = {"title": f"Rush {word}", "description": "At once.", "body": "B.", "tagList": [tag]}

    start = Barrier(WRITERS)

    def write(_: int):
        start.wait(timeout=10)  # every request leaves at the same moment
        return client.post("/api/articles", json={"article": article}, headers=author.headers)

    with ThreadPoolExecutor(WRITERS) as pool:
        answers = list(pool.map(write, range(WRITERS)))
    statuses = [answer.status_code for answer in answers]
    assert statuses == [201] * WRITERS, f"articles written at once: your app answered {statuses}"
    slugs = {answer.json()["article"]["slug"] for answer in answers}
    assert len(slugs) == WRITERS, "each article written at the same moment gets a slug of its own"
    assert all(answer.json()["article"]["tagList"] == [tag] for answer in answers)
    stored = db("SELECT count(*) AS n FROM tags WHERE name = :t", t=tag)
    assert stored == [{"n": 1}], "the new tag is stored once"


@pytest.mark.contract("POST /api/articles", "behavior 3", "output tagList")
def test_tags_are_listed_once_and_sorted_by_name(client, unique):
    """POST /api/articles answers tagList with each tag once, sorted; left out, []."""
    author = register(client, unique)
    tagged = new_article(client, author, tagList=["zebra", "apple", "zebra", "mango"])
    assert tagged["tagList"] == ["apple", "mango", "zebra"]
    assert new_article(client, author)["tagList"] == []
    shown = client.get(f"/api/articles/{tagged['slug']}").json()["article"]
    assert shown["tagList"] == ["apple", "mango", "zebra"], "the tags are stored"


@pytest.mark.contract("POST /api/articles", "behavior 4", "error 401", "error 422")
def test_a_bad_article_answers_422_and_none_without_a_token_401(client, unique, db):
    """POST /api/articles answers 422 for a field missing, blank or too long, 401 without a
    valid token, and stores nothing."""
    author = register(client, unique)
    title = unique("Refused")
    good = {"title": title, "description": "D.", "body": "B."}
    for article in (
        {"title": title, "description": "D."},
        good | {"body": "   "},
        good | {"description": ""},
        good | {"title": "x" * 5000},
    ):
        error_of(
            client.post("/api/articles", json={"article": article}, headers=author.headers), 422
        )
    error_of(client.post("/api/articles", json={"article": good}), 401)
    error_of(client.post("/api/articles", json={"article": good}, headers=forged(author)), 401)
    assert db("SELECT id FROM articles WHERE title = :t", t=title) == [], "nothing is stored"


@pytest.mark.contract("GET /api/articles/{slug}", "paragraph 1", "behavior 1", "behavior 2")
def test_an_article_is_read_by_anyone_and_tells_the_reader_whom_they_follow(client, unique):
    """GET /api/articles/{slug} answers 200 with the article and its body to anyone;
    author.following is true for a follower."""
    author, reader = register(client, unique), register(client, unique)
    written = new_article(client, author, body="The whole text.")
    path = f"/api/articles/{written['slug']}"
    anyone = client.get(path)
    assert anyone.status_code == 200
    assert anyone.json()["article"] == written, "the article as it was written"
    follow(client, reader, author.username)
    followed = client.get(path, headers=reader.headers).json()["article"]
    assert followed["author"]["following"] is True
    assert followed["body"] == "The whole text."


@pytest.mark.contract("GET /api/articles/{slug}", "behavior 3", "error 404")
def test_an_unknown_article_answers_404(client, unique):
    """GET /api/articles/{slug} answers 404 for a slug no article has."""
    error_of(client.get(f"/api/articles/{unique('no-such-article')}"), 404)


@pytest.mark.contract("PUT /api/articles/{slug}", "paragraph 1", "behavior 1")
def test_the_author_changes_only_what_they_send(client, unique):
    """PUT /api/articles/{slug} changes the fields sent, keeps the others, moves updatedAt
    and keeps createdAt."""
    author = register(client, unique)
    written = new_article(client, author, tagList=["kept"])
    time.sleep(0.01)
    path = f"/api/articles/{written['slug']}"
    response = client.put(path, json={"article": {"body": "New text."}}, headers=author.headers)
    assert response.status_code == 200
    changed = response.json()["article"]
    assert changed["body"] == "New text."
    kept = ("slug", "title", "description", "tagList", "createdAt")
    assert {k: changed[k] for k in kept} == {k: written[k] for k in kept}, "the rest is kept"
    assert changed["updatedAt"] > written["updatedAt"], "updatedAt moves on"
    assert client.get(path).json()["article"]["body"] == "New text.", "the change is stored"


@pytest.mark.contract("PUT /api/articles/{slug}", "behavior 2")
def test_a_new_title_gives_a_new_slug_and_the_old_one_is_gone(client, unique):
    """PUT /api/articles/{slug} with a new title moves the article to the title's slug; a
    title with the same slug keeps it."""
    author = register(client, unique)
    written = new_article(client, author, title=unique("First Title"))
    title = unique("Second Title")
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"title": title}},
        headers=author.headers,
    )
    assert response.status_code == 200
    moved = response.json()["article"]
    assert moved["slug"] == title.lower().replace(" ", "-")
    assert client.get(f"/api/articles/{moved['slug']}").status_code == 200
    error_of(client.get(f"/api/articles/{written['slug']}"), 404)
    same = client.put(
        f"/api/articles/{moved['slug']}",
        json={"article": {"title": title.upper() + "!"}},
        headers=author.headers,
    )
    assert same.json()["article"]["slug"] == moved["slug"], "the same slug is kept"


@pytest.mark.contract("PUT /api/articles/{slug}", "behavior 3")
def test_sending_tags_replaces_them(client, unique):
    """PUT /api/articles/{slug} with a tagList replaces the tags."""
    author = register(client, unique)
    written = new_article(client, author, tagList=["old", "kept"])
    response = client.put(
        f"/api/articles/{written['slug']}",
        json={"article": {"tagList": ["new", "kept"]}},
        headers=author.headers,
    )
    assert response.status_code == 200
    assert response.json()["article"]["tagList"] == ["kept", "new"]


@pytest.mark.contract(
    "PUT /api/articles/{slug}", "behavior 4", "error 401", "error 403", "error 404"
)
def test_only_the_author_changes_an_article(client, unique):
    """PUT /api/articles/{slug} answers 403 to another user, 404 for an unknown slug and 401
    without a valid token, and the article stays."""
    older = register(client, unique)  # an account made before the author's
    author, other = register(client, unique), register(client, unique)
    written = new_article(client, author)
    path = f"/api/articles/{written['slug']}"
    change = {"article": {"body": "Hijacked."}}
    for someone in (older, other):
        error_of(client.put(path, json=change, headers=someone.headers), 403)
    error_of(client.put(path, json=change), 401)
    error_of(client.put(path, json=change, headers=forged(author)), 401)
    error_of(
        client.put(f"/api/articles/{unique('none')}", json=change, headers=author.headers), 404
    )
    assert client.get(path).json()["article"]["body"] == written["body"], "the article stays"


@pytest.mark.contract("PUT /api/articles/{slug}", "behavior 5", "error 422")
def test_an_update_with_nothing_to_change_or_a_null_answers_422(client, unique):
    """PUT /api/articles/{slug} with nothing to change, or null for a field, answers 422."""
    author = register(client, unique)
    written = new_article(client, author)
    path = f"/api/articles/{written['slug']}"
    for article in ({}, {"title": None}, {"body": None}, {"body": "  "}):
        error_of(client.put(path, json={"article": article}, headers=author.headers), 422)
    assert client.get(path).json()["article"] == written, "nothing changed"


@pytest.mark.contract("DELETE /api/articles/{slug}", "paragraph 1", "behavior 1")
def test_the_author_deletes_an_article(client, unique):
    """DELETE /api/articles/{slug} by the author answers 204 with no body, and the slug
    answers 404 from then on."""
    author = register(client, unique)
    written = new_article(client, author)
    later = new_article(client, register(client, unique))
    path = f"/api/articles/{written['slug']}"
    response = client.delete(path, headers=author.headers)
    assert response.status_code == 204
    assert response.content == b"", "a 204 has no body"
    error_of(client.get(path), 404)
    other = client.get(f"/api/articles/{later['slug']}")
    assert other.status_code == 200, "only that article is deleted"


@pytest.mark.contract(
    "DELETE /api/articles/{slug}", "behavior 2", "error 401", "error 403", "error 404"
)
def test_only_the_author_deletes_an_article(client, unique):
    """DELETE /api/articles/{slug} answers 403 to another user, 404 for an unknown slug and
    401 without a valid token, and the article stays."""
    older = register(client, unique)  # an account made before the author's
    author, other = register(client, unique), register(client, unique)
    written = new_article(client, author)
    path = f"/api/articles/{written['slug']}"
    for someone in (older, other):
        error_of(client.delete(path, headers=someone.headers), 403)
    error_of(client.delete(path), 401)
    error_of(client.delete(path, headers=forged(author)), 401)
    error_of(client.delete(f"/api/articles/{unique('none')}", headers=author.headers), 404)
    assert client.get(path).status_code == 200, "the article stays"
