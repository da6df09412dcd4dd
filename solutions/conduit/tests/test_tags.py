# >>> file from week 15
"""Contract: GET /api/tags, 200 {"tags": [...]}: every tag an article has, the most used
first (then by name), each once; a tag no article has any more is not listed."""

import pytest

from helpers import write_article

pytestmark = pytest.mark.homework("capstone-final")


def tags(client):
    response = client.get("/api/tags")
    assert response.status_code == 200
    return response.json()["tags"]


def test_tags_in_use_are_listed_once_the_most_used_first(client, make_user, unique):
    author = make_user()
    popular, rare = unique("popular"), unique("rare")
    for _ in range(3):
        write_article(client, author, tagList=[popular, "common-to-many"])
    write_article(client, author, tagList=[rare])
    listed = tags(client)
    assert listed.count(popular) == 1 and listed.count(rare) == 1
    assert listed.index(popular) < listed.index(rare)


def test_a_tag_leaves_the_list_with_its_last_article(client, make_user, unique):
    author = make_user()
    tag = unique("short-lived")
    article = write_article(client, author, tagList=[tag])
    assert tag in tags(client)
    client.delete(f"/api/articles/{article['slug']}", headers=author.headers)
    assert tag not in tags(client)


def test_changing_an_articles_tags_changes_the_list(client, make_user, unique):
    author = make_user()
    old, new = unique("old"), unique("new")
    article = write_article(client, author, tagList=[old])
    client.put(
        f"/api/articles/{article['slug']}",
        json={"article": {"tagList": [new]}},
        headers=author.headers,
    )
    listed = tags(client)
    assert new in listed and old not in listed


def test_the_sample_tags_are_listed(client):
    assert {"conduit", "welcome"} <= set(tags(client))
