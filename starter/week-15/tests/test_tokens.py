"""Contract: the spec's authorization scheme, `Authorization: Token <jwt>`, and only that.

A protected operation without the header answers 401; so does a header in another scheme
(`Bearer <jwt>`), a token that is malformed, tampered with, signed with another key or with
`alg: none`, expired, or issued before its user's latest password change. An operation whose
token is optional (GET /api/articles, /api/profiles/{username}, ...) answers 401 to a bad
token too, rather than answering as if none had been sent. Every 401 says
`WWW-Authenticate: Token` and uses the spec's error shape.
"""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from helpers import errors_of, token_headers

pytestmark = pytest.mark.homework("capstone")


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_the_scheme_name_may_be_written_in_any_case(client, make_user):
    account = make_user()
    response = client.get("/api/user", headers={"Authorization": f"token {account.token}"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer {token}", "{token}", "Token", "Basic dXNlcjpwYXNz", "Token not.a.jwt"],
)
def test_a_header_that_is_not_token_and_a_jwt_answers_401(client, make_user, header):
    account = make_user()
    response = client.get(
        "/api/user", headers={"Authorization": header.format(token=account.token)}
    )
    errors_of(response, 401)
    assert response.headers["www-authenticate"] == "Token"


def test_a_token_with_a_changed_payload_answers_401(client, make_user):
    account, other = make_user(), make_user()
    header, _, signature = account.token.split(".")
    _, payload, _ = other.token.split(".")
    errors_of(
        client.get("/api/user", headers=token_headers(f"{header}.{payload}.{signature}")), 401
    )


def test_a_token_signed_with_another_key_answers_401(client, make_user):
    claims = claims_of(make_user().token)
    forged = jwt.encode(claims, "another-key-that-is-long-enough-to-sign-with", "HS256")
    errors_of(client.get("/api/user", headers=token_headers(forged)), 401)


def test_an_unsigned_token_answers_401(client, make_user):
    claims = claims_of(make_user().token)
    unsigned = jwt.encode(claims, None, algorithm="none")
    errors_of(client.get("/api/user", headers=token_headers(unsigned)), 401)


def test_an_expired_token_answers_401(client, make_user, secret_key):
    claims = claims_of(make_user().token)
    past = datetime.now(UTC) - timedelta(days=2)
    expired = jwt.encode(
        claims | {"iat": past, "exp": past + timedelta(hours=1)}, secret_key, "HS256"
    )
    errors_of(client.get("/api/user", headers=token_headers(expired)), 401)


@pytest.mark.parametrize("claim", ["sub", "ver", "exp"])
def test_a_token_without_a_required_claim_answers_401(client, make_user, secret_key, claim):
    claims = claims_of(make_user().token)
    del claims[claim]
    errors_of(client.get("/api/user", headers=token_headers(jwt.encode(claims, secret_key))), 401)


@pytest.mark.parametrize("subject", ["not-a-number", "99999999999999999999", "-1", "٣"])
def test_a_token_for_no_possible_user_answers_401(client, make_user, secret_key, subject):
    claims = claims_of(make_user().token) | {"sub": subject}
    errors_of(client.get("/api/user", headers=token_headers(jwt.encode(claims, secret_key))), 401)


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles",
        "/api/profiles/alice",
        "/api/articles/welcome-to-conduit",
    ],
)
def test_an_optional_token_that_is_bad_still_answers_401(client, path):
    assert client.get(path).status_code == 200
    errors_of(client.get(path, headers={"Authorization": "Bearer something"}), 401)
    errors_of(client.get(path, headers=token_headers("not.a.jwt")), 401)
