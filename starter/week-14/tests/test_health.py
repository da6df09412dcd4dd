"""Contract: GET /health, the docs, and the error format of what no route answers.

GET /health      200 {"status": "ok", "database": "ok"}
an unknown URL   404 in the spec's error shape; a wrong method 405, the same shape
GET /docs        the Swagger UI, served from this server (no CDN)
"""

from helpers import errors_of


def test_health_answers_ok_when_the_database_is_reachable(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_an_unknown_url_answers_404_in_the_spec_error_shape(client):
    errors_of(client.get("/api/no-such-thing"), 404)


def test_a_wrong_method_answers_405_in_the_spec_error_shape(client):
    errors_of(client.patch("/api/tags"), 405)


def test_every_answer_is_json_no_browser_may_render_or_frame(client):
    response = client.get("/api/tags")
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_interactive_docs_are_served_without_internet(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200
