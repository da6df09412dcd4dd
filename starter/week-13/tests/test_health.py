"""Contract: GET /health, and the error format of an unknown URL."""

from helpers import error_of


def test_health_answers_ok_when_the_database_is_reachable(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_unknown_url_answers_404_in_the_error_format(client):
    body = error_of(client.get("/api/no-such-thing"), 404)
    assert body["code"] == "not_found"


def test_interactive_docs_are_served_without_internet(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "CourseHub"
