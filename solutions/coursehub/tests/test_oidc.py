# >>> file from week 13
"""Logging in with the tokens of an OpenID Connect issuer (an optional extension), with the
issuer real and local: pytest-httpserver serves its discovery document and its key set, and
`oidc_issuer.py` makes its RSA keys and signs its tokens (RS256).

GET /api/users/me   200 with an issuer's valid token: the linked user, else the user with the
                    email the issuer verified (now linked), else a new verified student
                    401 a token that fails any check (audience, issuer, time, sub, key, alg)
                    403 no verified email to make an account with, 503 the issuer is down

They start apps of their own, and skip against a live server (which has no issuer).
"""

import asyncio
import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

if os.environ.get("COURSEHUB_TEST_BASE_URL"):
    pytest.skip("starts apps of their own, pointed at a local issuer", allow_module_level=True)

from fastapi.testclient import TestClient
from oidc_issuer import AUDIENCE, LocalIssuer, new_key
from pydantic import ValidationError
from pytest_httpserver import HTTPServer
from sent_mail import free_port
from werkzeug import Request, Response

from coursehub.core.config import Settings
from coursehub.core.oidc import EARLY_REFETCH_SECONDS, OIDCVerifier
from coursehub.core.security import InvalidTokenError
from coursehub.main import create_app
from helpers import error_of

# The key of conftest's app: the `auth` fixture's tokens work in these apps too.
SECRET = "contract-tests-only-secret-key-0123456789"
REALM = "/realms/course"
JWKS = f"{REALM}/jwks"


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def issuer(server: HTTPServer) -> Iterator[LocalIssuer]:
    """A new issuer (new keys, an empty log of requests), its documents served as they are
    at the moment each is asked for."""
    server.clear()
    issuer = LocalIssuer(server.url_for(REALM))

    def document(request: Request) -> Response:
        body = issuer.jwks() if request.path == JWKS else issuer.discovery()
        return Response(json.dumps(body), content_type="application/json")

    server.expect_request(f"{REALM}/.well-known/openid-configuration").respond_with_handler(
        document
    )
    server.expect_request(JWKS).respond_with_handler(document)
    yield issuer
    server.clear()


def settings_for(database_url: str, smtp_port: int | None, **oidc: Any) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET,
        argon2_time_cost=1,
        argon2_memory_cost_kib=1024,
        argon2_parallelism=1,
        smtp_port=smtp_port or 25,
        **oidc,
    )


@pytest.fixture
def app_for(client, database_url, mailbox) -> Iterator[Callable[[str], TestClient]]:
    """`app_for(issuer_url)`: a new app trusting that issuer (so with no keys cached yet), on
    conftest's database (which `client` made and filled)."""
    started: list[TestClient] = []

    def start(issuer_url: str) -> TestClient:
        settings = settings_for(
            database_url, mailbox.port, oidc_issuer=issuer_url, oidc_audience=AUDIENCE
        )
        app = TestClient(create_app(settings))
        app.__enter__()
        started.append(app)
        return app

    yield start
    for app in started:
        app.__exit__(None, None, None)


@pytest.fixture
def app(app_for, issuer) -> TestClient:
    return app_for(issuer.url)


def me(app: TestClient, token: str):
    return app.get("/api/users/me", headers={"Authorization": f"Bearer {token}"})


def jwks_fetches(server: HTTPServer) -> int:
    return sum(1 for request, _ in server.log if request.path == JWKS)


def person(unique: Callable[[str], str]) -> dict[str, Any]:
    """Claims of someone new: a subject and a verified email address nobody here has."""
    name = unique("oidc").replace(" ", "").lower()
    return {"sub": f"sub-{name}", "email": f"{name}@uni.example.edu", "email_verified": True}


def linked_subjects(db, user_id: int) -> list[str]:
    rows = db("SELECT subject FROM external_identities WHERE user_id = :id", id=user_id)
    return [row["subject"] for row in rows]


# --- logging in -----------------------------------------------------------------------------


def test_a_valid_token_logs_in_and_makes_a_verified_student(app, issuer, unique, db):
    claims = person(unique)
    response = me(app, issuer.token(**claims, name="Frank Ocean", preferred_username="frank"))
    assert response.status_code == 200, response.text
    user = response.json()
    assert user["email"] == claims["email"]
    assert user["full_name"] == "Frank Ocean"
    assert user["role"]["name"] == "student"
    assert user["verified_at"] is not None
    # "frank" was free or is made free: the username is valid and nobody else's.
    assert user["username"].startswith("frank")
    assert linked_subjects(db, user["id"]) == [claims["sub"]]
    # The password stored is a real hash, of a password nobody was told.
    [row] = db("SELECT hashed_password FROM users WHERE id = :id", id=user["id"])
    assert row["hashed_password"].startswith("$argon2id$")


def test_the_same_subject_is_the_same_user_next_time_even_with_a_new_email(app, issuer, unique):
    claims = person(unique)
    first = me(app, issuer.token(**claims)).json()
    again = me(app, issuer.token(**{**claims, "email": "changed@uni.example.edu"}))
    assert again.status_code == 200, again.text
    assert again.json()["id"] == first["id"]
    assert again.json()["email"] == claims["email"]  # an email links once, then never counts


def test_a_username_that_is_taken_gets_a_suffix(app, issuer, unique):
    user = me(app, issuer.token(**person(unique), preferred_username="alice")).json()
    assert user["username"] != "alice"
    assert user["username"].startswith("alice_")


def test_a_verified_email_links_to_the_existing_account(app, client, issuer, unique, mailbox, db):
    account = register(client, unique)
    verify = client.post("/api/auth/verify", json={"token": mailbox.latest_token(account["email"])})
    assert verify.status_code == 200, verify.text
    claims = {**person(unique), "email": account["email"].upper()}  # any case
    response = me(app, issuer.token(**claims))
    assert response.status_code == 200, response.text
    assert response.json()["username"] == account["username"]
    assert linked_subjects(db, response.json()["id"]) == [claims["sub"]]


def test_an_email_the_issuer_did_not_verify_links_nothing(app, issuer, unique, db):
    mine = me(app, issuer.token(**person(unique))).json()
    for verified in (False, "true", None):  # only the JSON value true counts
        claims = {**person(unique), "email": mine["email"], "email_verified": verified}
        error_of(me(app, issuer.token(**claims)), 403)
        assert db("SELECT id FROM external_identities WHERE subject = :s", s=claims["sub"]) == []
    assert len(linked_subjects(db, mine["id"])) == 1


def test_an_account_that_has_not_verified_its_email_here_is_not_taken_over(
    app, client, issuer, unique, db
):
    """Someone registered with another person's address and never verified it: that person's
    first login through the issuer must not land in the account the registrant controls."""
    account = register(client, unique)
    error_of(me(app, issuer.token(**{**person(unique), "email": account["email"]})), 409)
    [row] = db("SELECT id FROM users WHERE username = :u", u=account["username"])
    assert linked_subjects(db, row["id"]) == []


# --- forged and wrong tokens ----------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hs256_with_public_key(issuer: LocalIssuer, claims: dict[str, Any]) -> str:
    """The key-confusion forgery: HMAC-signed with the issuer's public key (which anyone can
    download) as the secret. pyjwt refuses to make one, so it is made by hand."""
    header = {"alg": "HS256", "typ": "JWT", "kid": issuer.signing.kid}
    signed = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    mac = hmac.new(issuer.signing.public_pem(), signed.encode(), hashlib.sha256).digest()
    return f"{signed}.{b64(mac)}"


def unsigned(issuer: LocalIssuer, claims: dict[str, Any]) -> str:
    header = {"alg": "none", "typ": "JWT", "kid": issuer.signing.kid}
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}."


def tampered(issuer: LocalIssuer, claims: dict[str, Any]) -> str:
    """A valid token whose claims were changed after signing (another `sub`)."""
    header, _, signature = issuer.token(**claims).split(".")
    other = {**issuer.claims(**claims), "sub": "someone-else"}
    return f"{header}.{b64(json.dumps(other).encode())}.{signature}"


def in_seconds(seconds: int) -> int:
    return int(time.time()) + seconds


FORGERIES: dict[str, Callable[[LocalIssuer, dict[str, Any]], str]] = {
    "another audience": lambda i, c: i.token(**c, aud="another-app"),
    "another issuer": lambda i, c: i.token(**c, iss="https://evil.example.com"),
    "expired": lambda i, c: i.token(**c, iat=in_seconds(-600), exp=in_seconds(-120)),
    "not yet valid": lambda i, c: i.token(**c, nbf=in_seconds(600)),
    "issued in the future": lambda i, c: i.token(**c, iat=in_seconds(600)),
    "no exp": lambda i, c: i.token(**c, exp=None),
    "no sub": lambda i, c: i.token(**{**c, "sub": None}),
    "a key the issuer never published": lambda i, c: i.token(key=new_key(), **c),
    "alg none": lambda i, c: unsigned(i, i.claims(**c)),
    "HS256 with the public key as secret": lambda i, c: hs256_with_public_key(i, i.claims(**c)),
    "a tampered signature": tampered,
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_token_that_fails_a_check_is_refused(app, issuer, unique, db, forgery):
    claims = person(unique)
    error_of(me(app, forgery(issuer, claims)), 401)
    assert db("SELECT id FROM users WHERE email = :e", e=claims["email"]) == []


@pytest.mark.parametrize("forgery", [unsigned, hs256_with_public_key], ids=["none", "HS256"])
def test_the_verifier_itself_refuses_every_algorithm_but_rs256(issuer, unique, forgery):
    """The app sends only RS256 tokens to the verifier (the others meet our own key and fail
    there); the verifier does not count on that."""
    settings = Settings(oidc_issuer=issuer.url, oidc_audience=AUDIENCE, secret_key=SECRET)
    verifier = OIDCVerifier(settings)
    assert asyncio.run(verifier.verify(issuer.token(**person(unique)))).subject
    with pytest.raises(InvalidTokenError):
        asyncio.run(verifier.verify(forgery(issuer, issuer.claims(**person(unique)))))


def test_a_small_clock_difference_is_forgiven(app, issuer, unique):
    claims = {**person(unique), "iat": in_seconds(10), "nbf": in_seconds(10)}
    assert me(app, issuer.token(**claims)).status_code == 200


def test_an_unknown_key_id_is_looked_up_once_more_then_refused(app, issuer, server, unique):
    assert me(app, issuer.token(**person(unique))).status_code == 200
    assert jwks_fetches(server) == 1
    error_of(me(app, issuer.token(**person(unique), kid="no-such-key")), 401)
    assert jwks_fetches(server) == 2  # perhaps the issuer rotated: it had not


# --- keys change ----------------------------------------------------------------------------


def test_a_rotated_key_is_accepted_without_a_restart(app, issuer, server, unique):
    old = issuer.signing
    assert me(app, issuer.token(**person(unique))).status_code == 200
    issuer.rotate()  # the new key alone is published now
    response = me(app, issuer.token(**person(unique)))
    assert response.status_code == 200, response.text
    assert jwks_fetches(server) == 2
    # The withdrawn key is gone from what the app trusts, with no fetch of its own.
    error_of(me(app, issuer.token(key=old, **person(unique))), 401)
    assert jwks_fetches(server) == 2


def test_a_flood_of_unknown_key_ids_fetches_the_keys_a_bounded_number_of_times(
    app, issuer, server, unique
):
    claims = person(unique)
    for number in range(30):
        error_of(me(app, issuer.token(**claims, kid=f"made-up-{number}")), 401)
    # The first fetch, and one early fetch per EARLY_REFETCH_SECONDS (the test takes less).
    assert EARLY_REFETCH_SECONDS >= 60
    assert jwks_fetches(server) <= 2
    assert me(app, issuer.token(**claims)).status_code == 200  # real tokens still work


# --- the issuer cannot be asked -------------------------------------------------------------


def test_an_issuer_nobody_answers_for_gives_503(app_for, issuer, unique):
    app = app_for(f"http://127.0.0.1:{free_port()}{REALM}")
    body = error_of(me(app, issuer.token(**person(unique))), 503)
    assert body["code"] == "service_unavailable"


def test_an_issuer_whose_discovery_names_another_issuer_gives_503(app_for, issuer, unique):
    issuer.url = issuer.url + "-other"  # what its document says from now on
    app = app_for(issuer.url.removesuffix("-other"))
    error_of(me(app, issuer.token(**person(unique))), 503)


def test_the_app_answers_again_once_the_issuer_is_back(app, issuer, server, unique):
    server.clear()  # the issuer knows no page now: it answers 500
    error_of(me(app, issuer.token(**person(unique))), 503)
    server.expect_request(f"{REALM}/.well-known/openid-configuration").respond_with_json(
        issuer.discovery()
    )
    server.expect_request(JWKS).respond_with_json(issuer.jwks())
    assert me(app, issuer.token(**person(unique))).status_code == 200


# --- with OIDC off, and its settings --------------------------------------------------------


def test_with_oidc_off_issuer_tokens_are_refused_and_our_own_work(client, auth, issuer, unique):
    error_of(me(client, issuer.token(**person(unique))), 401)
    assert client.get("/api/users/me", headers=auth("alice")).status_code == 200


def test_with_oidc_on_our_own_tokens_still_work(app, auth):
    response = app.get("/api/users/me", headers=auth("alice"))
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_an_issuer_without_an_audience_is_a_settings_error_that_says_what_to_set():
    with pytest.raises(ValidationError, match="OIDC_AUDIENCE"):
        Settings(oidc_issuer="https://login.example.edu")


def test_an_issuer_over_plain_http_is_refused_unless_on_this_machine():
    with pytest.raises(ValidationError, match="https://"):
        Settings(oidc_issuer="http://login.example.edu", oidc_audience=AUDIENCE)
    assert Settings(oidc_issuer="http://127.0.0.1:9400", oidc_audience=AUDIENCE).oidc_enabled


def register(client, unique: Callable[[str], str]) -> dict[str, str]:
    name = unique("local").replace(" ", "_").lower()
    account = {
        "username": f"u{name}"[:30],
        "email": f"{name}@uni.example.edu",
        "password": "correct horse battery",
    }
    response = client.post("/api/auth/register", json=account)
    assert response.status_code == 201, response.text
    return account
