"""Contract: the OpenAPI document tells the truth.

Every operation of the spec is there under the spec's operationId; the authorization scheme
is an API key in the Authorization header named Token, required where a token is required
and optional (`{}` among the requirements) where it is optional; every error status an
operation can answer is documented with the spec's error body, and FastAPI's own 422 body
(which this API never sends) is not.
"""

import pytest

# (method, path): (the spec's operationId, the token, the statuses documented)
SPEC_OPERATIONS = {
    ("post", "/api/users/login"): ("Login", None, "200 401 422"),
    ("post", "/api/users"): ("CreateUser", None, "201 422"),
    ("get", "/api/user"): ("GetCurrentUser", "required", "200 401"),
    ("put", "/api/user"): ("UpdateCurrentUser", "required", "200 401 422"),
    ("get", "/api/profiles/{username}"): ("GetProfileByUsername", "optional", "200 401 404 422"),
    ("post", "/api/profiles/{username}/follow"): (
        "FollowUserByUsername",
        "required",
        "200 401 404 422",
    ),
    ("delete", "/api/profiles/{username}/follow"): (
        "UnfollowUserByUsername",
        "required",
        "200 401 404 422",
    ),
    ("get", "/api/articles/feed"): ("GetArticlesFeed", "required", "200 401 422"),
    ("get", "/api/articles"): ("GetArticles", "optional", "200 401 422"),
    ("post", "/api/articles"): ("CreateArticle", "required", "201 401 422"),
    ("get", "/api/articles/{slug}"): ("GetArticle", "optional", "200 401 404 422"),
    ("put", "/api/articles/{slug}"): ("UpdateArticle", "required", "200 401 403 404 422"),
    ("delete", "/api/articles/{slug}"): ("DeleteArticle", "required", "204 401 403 404 422"),
    ("get", "/api/articles/{slug}/comments"): (
        "GetArticleComments",
        "optional",
        "200 401 404 422",
    ),
    ("post", "/api/articles/{slug}/comments"): (
        "CreateArticleComment",
        "required",
        "200 401 404 422",
    ),
    ("delete", "/api/articles/{slug}/comments/{comment_id}"): (
        "DeleteArticleComment",
        "required",
        "204 401 403 404 422",
    ),
    ("post", "/api/articles/{slug}/favorite"): (
        "CreateArticleFavorite",
        "required",
        "200 401 404 422",
    ),
    ("delete", "/api/articles/{slug}/favorite"): (
        "DeleteArticleFavorite",
        "required",
        "200 401 404 422",
    ),
    ("get", "/api/tags"): ("GetTags", None, "200"),
}


@pytest.fixture(scope="module")
def document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_authorization_scheme_is_the_specs_token_header(document):
    assert document["components"]["securitySchemes"] == {
        "Token": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": document["components"]["securitySchemes"]["Token"]["description"],
        }
    }
    assert "Token <jwt>" in document["components"]["securitySchemes"]["Token"]["description"]


@pytest.mark.parametrize(("method", "path"), sorted(SPEC_OPERATIONS))
def test_each_spec_operation_is_documented_truthfully(document, method, path):
    operation_id, token, documented = SPEC_OPERATIONS[method, path]
    statuses = set(documented.split())
    operation = document["paths"][path][method]
    assert operation["operationId"] == operation_id
    assert set(operation["responses"]) == statuses
    security = operation.get("security")
    if token is None:
        assert security is None
    elif token == "required":
        assert security == [{"Token": []}]
    else:
        assert sorted(security, key=len) == [{}, {"Token": []}]
    for status in statuses - {"200", "201", "204"}:
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/GenericErrorModel"}


def test_the_error_body_is_the_specs_and_frameworks_own_is_gone(document):
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert schemas["GenericErrorModel"]["required"] == ["errors"]
    assert schemas["ErrorMessages"]["properties"]["body"]["type"] == "array"


def test_answers_use_the_specs_camel_case_names(document):
    article = document["components"]["schemas"]["ArticleRead"]
    assert {"tagList", "createdAt", "updatedAt", "favoritesCount"} <= set(article["required"])
    assert "articlesCount" in document["components"]["schemas"]["ArticleListResponse"]["required"]


def test_an_update_body_must_change_something(document):
    for name in ("UserUpdate", "ArticleUpdate"):
        assert document["components"]["schemas"][name]["minProperties"] == 1
