"""`autograder.fuzz_login`: what the fuzzer reads from an app's OpenAPI document to log in.
The logins themselves, against real apps, are in tests/autograder/grading/test_fuzz_app.py."""

from autograder.fuzz_login import found_tokens, login_probe, security_scheme, takes_form

OAUTH2 = {
    "OAuth2PasswordBearer": {
        "type": "oauth2",
        "flows": {"password": {"scopes": {}, "tokenUrl": "/api/auth/token"}},
    }
}
API_KEY = {"Token": {"type": "apiKey", "in": "header", "name": "Authorization"}}


def test_the_token_is_the_shallowest_access_token_else_token():
    assert list(found_tokens({"access_token": "a", "token_type": "bearer"})) == ["a"]
    assert next(found_tokens({"user": {"email": "e", "token": "t"}})) == "t"
    assert next(found_tokens({"token": "plain", "data": {"access_token": "deep"}})) == "deep"
    assert list(found_tokens({"user": {"token": ""}, "items": ["token"]})) == []


def test_the_scheme_says_where_the_token_goes_and_whether_its_prefix_is_known():
    oauth2 = security_scheme({"components": {"securitySchemes": OAUTH2}})
    assert oauth2 is not None
    assert (oauth2.header, oauth2.token_url, oauth2.prefix_known) == (
        "Authorization",
        "/api/auth/token",
        True,
    )
    api_key = security_scheme({"components": {"securitySchemes": API_KEY}})
    assert api_key is not None
    assert (api_key.name, api_key.header, api_key.prefix_known) == ("Token", "Authorization", False)
    assert security_scheme({"components": {}}) is None


def test_a_login_takes_a_form_only_when_its_document_says_so():
    form = {"content": {"application/x-www-form-urlencoded": {}}}
    document = {
        "paths": {
            "/token": {"post": {"requestBody": form}},
            "/login": {"post": {"requestBody": {"content": {"application/json": {}}}}},
        }
    }
    assert takes_form(document, "/token")
    assert not takes_form(document, "/login")
    assert not takes_form(document, "/not-documented")


def test_the_login_is_checked_on_a_get_that_needs_it_and_nothing_else():
    secured = [{"Token": []}]
    document = {
        "paths": {
            "/api/articles": {"get": {"security": [*secured, {}]}},  # a token is optional
            "/api/profiles/{username}": {"get": {"security": secured}},
            "/api/search": {"get": {"security": secured, "parameters": [{"required": True}]}},
            "/api/user": {"get": {"security": secured}, "put": {"security": secured}},
        }
    }
    assert login_probe(document) == "/api/user"
    assert login_probe({"paths": {"/health": {"get": {}}}}) is None
    assert login_probe({"security": secured, "paths": {"/me": {"get": {}}}}) == "/me"
