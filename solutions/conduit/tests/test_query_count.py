"""Contract: a page of articles or comments costs the same number of SQL statements whatever
it holds, so favorites, tags, authors and follows are read with the page, not one query per
item (the N+1 problem).

In-process only: it counts the statements the app's own engine sends.
"""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from conftest import BASE_URL
from sqlalchemy import event

from helpers import write_article

pytestmark = pytest.mark.skipif(BASE_URL is not None, reason="counts the in-process engine")


@pytest.fixture
def statements(client) -> Callable[[], AbstractContextManager[list[str]]]:
    engine = client.app.state.session_factory.kw["bind"].sync_engine

    @contextmanager
    def counting() -> Iterator[list[str]]:
        sent: list[str] = []

        def record(_connection, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            sent.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            yield sent
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


def page_cost(client, statements, path, params, headers) -> int:
    with statements() as sent:
        response = client.get(path, params=params, headers=headers)
    assert response.status_code == 200, response.text
    return len([s for s in sent if s.lstrip().upper().startswith("SELECT")])


@pytest.mark.homework("capstone")
def test_a_page_of_articles_costs_the_same_for_two_or_twelve(client, make_user, statements):
    reader, fans = make_user(), [make_user() for _ in range(3)]
    small, large = make_user("small"), make_user("large")
    for author, count in ((small, 2), (large, 12)):
        client.post(f"/api/profiles/{author.username}/follow", headers=reader.headers)
        for n in range(count):
            article = write_article(client, author, tagList=[f"t{n}", f"u{n}"])
            for fan in fans[: n % 4]:
                client.post(f"/api/articles/{article['slug']}/favorite", headers=fan.headers)
    costs = {
        author.username: page_cost(
            client, statements, "/api/articles", {"author": author.username}, reader.headers
        )
        for author in (small, large)
    }
    assert costs[small.username] == costs[large.username], costs
    assert costs[small.username] <= 4, costs  # the reader, the count, the page, the tags


# >>> from week 15
@pytest.mark.homework("capstone-final")
def test_the_comments_of_an_article_cost_the_same_for_one_or_ten(client, make_user, statements):
    reader = make_user()
    costs = []
    for count in (1, 10):
        article = write_article(client, make_user())
        for n in range(count):
            commenter = make_user()
            client.post(
                f"/api/articles/{article['slug']}/comments",
                json={"comment": {"body": f"Comment {n}"}},
                headers=commenter.headers,
            )
        path = f"/api/articles/{article['slug']}/comments"
        costs.append(page_cost(client, statements, path, {}, reader.headers))
    assert costs[0] == costs[1], costs


# <<<
