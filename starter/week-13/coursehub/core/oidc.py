"""Tokens of an OpenID Connect issuer, validated: the one place the app trusts someone else's
signature.

The issuer (a university's login service, Keycloak, Google, Entra ID) signs its tokens with a
private key and publishes the public half. Where it publishes it is in its discovery document,
`{issuer}/.well-known/openid-configuration`: its `jwks_uri` names a JSON Web Key Set, and each
key there has an id (`kid`) that a token's header names. So the app needs no secret of the
issuer's, only its address and the audience its tokens carry for this API.

Everything a token says about itself is a claim until the signature is checked, and the header
is not covered by any of it: the header's `alg` and `kid` only choose among what we already
allow (RS256, the issuer's published keys). A key is never taken from the token (`jku`, `x5u`,
`jwk` headers are ignored), and the algorithm never comes from it.

Keys are kept by `kid` and fetched again after OIDC_JWKS_REFRESH_SECONDS. An issuer rotating
its key publishes the new one and signs with it: a token naming a `kid` we do not have makes us
fetch the keys early, but at most once per EARLY_REFETCH_SECONDS, so a stream of tokens with
made-up ids cannot turn the app into a machine that hammers the issuer.
"""

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import jwt

from coursehub.core.config import LOCAL_HOSTS, Settings
from coursehub.core.security import InvalidTokenError

logger = logging.getLogger("coursehub")

# The one algorithm accepted: an RSA signature with SHA-256, what every issuer offers. Never
# "none", and never an HMAC one (HS256), whose "secret" would be the public key anyone can read.
ALGORITHM = "RS256"
# How far the issuer's clock and ours may disagree, for `exp`, `nbf` and `iat`.
LEEWAY_SECONDS = 30
# The shortest time between two early fetches of the keys (for a `kid` we do not have).
EARLY_REFETCH_SECONDS = 60
# Per request to the issuer: a login waits for it.
FETCH_TIMEOUT = httpx.Timeout(5.0)
DISCOVERY_PATH = "/.well-known/openid-configuration"
# Longest `sub` kept: the column of external_identities.
MAX_SUBJECT_CHARS = 255


class IssuerUnavailableError(Exception):
    """The issuer's discovery document or keys could not be had: the request may work later,
    and nothing about the token is known yet."""


@dataclass(frozen=True)
class VerifiedIdentity:
    """What a valid token of the issuer says about its person."""

    issuer: str
    subject: str  # `sub`: the issuer's id of the person, stable and never reassigned
    email: str | None
    email_verified: bool  # only true when the issuer says so in so many words
    name: str
    preferred_username: str | None


def is_issuer_token(token: str) -> bool:
    """Whether a token's header asks for the issuer's algorithm (our own tokens are HMAC).

    This only routes the token; the verifier checks it again, and a token that lies here is
    refused by whichever check it reaches."""
    try:
        return jwt.get_unverified_header(token).get("alg") == ALGORITHM
    except jwt.PyJWTError:
        return False


def must_be_safe_url(url: str, what: str) -> str:
    """An issuer's URL is fetched only over TLS, or on this machine (a local test issuer)."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if not (parts.scheme == "https" and parts.hostname) and not local:
        raise IssuerUnavailableError(f"the issuer's {what} is not an https URL: {url!r}")
    return url


class OIDCVerifier:
    """Validates the issuer's tokens; one per app, so its cached keys serve every request."""

    def __init__(self, settings: Settings) -> None:
        self.issuer = settings.oidc_issuer
        self.audience = settings.oidc_audience
        self.refresh_seconds = settings.oidc_jwks_refresh_seconds
        self.jwks_uri: str | None = None
        self.keys: dict[str, jwt.PyJWK] = {}
        self.fetched_at: float | None = None  # time.monotonic() of the last fetch of the keys
        self.early_fetch_at: float | None = None
        self.lock = asyncio.Lock()

    async def verify(self, token: str) -> VerifiedIdentity:
        """The identity in a valid token. Raises InvalidTokenError for a token that is not
        one of the issuer's for this API now, IssuerUnavailableError when we cannot tell."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise InvalidTokenError(str(error)) from error
        if header.get("alg") != ALGORITHM:
            raise InvalidTokenError(f"only {ALGORITHM} tokens are accepted from the issuer")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidTokenError("the token's header names no key (kid)")
        key = await self.key_for(kid)
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidTokenError(str(error)) from error
        return identity_of(claims)

    async def key_for(self, kid: str) -> jwt.PyJWK:
        """The issuer's key with this id, fetching the keys when they are old or, at most once
        per EARLY_REFETCH_SECONDS, when the id is new to us (the issuer may have rotated)."""
        async with self.lock:  # one fetch at a time; whoever waited finds the keys it brought
            now = time.monotonic()
            if self.fetched_at is None or now - self.fetched_at >= self.refresh_seconds:
                await self.fetch_keys()
            elif kid not in self.keys and (
                self.early_fetch_at is None or now - self.early_fetch_at >= EARLY_REFETCH_SECONDS
            ):
                self.early_fetch_at = now
                await self.fetch_keys()
            key = self.keys.get(kid)
        if key is None:
            raise InvalidTokenError(f"the issuer publishes no key {kid!r}")
        return key

    async def fetch_keys(self) -> None:
        async with httpx.AsyncClient(timeout=FETCH_TIMEOUT) as client:
            if self.jwks_uri is None:
                discovery = await fetch_json(client, self.issuer.rstrip("/") + DISCOVERY_PATH)
                if discovery.get("issuer") != self.issuer:
                    # Either OIDC_ISSUER has a typo (a trailing slash counts) or this is not
                    # the issuer we were told to trust: its tokens would all be refused anyway.
                    raise IssuerUnavailableError(
                        f"the discovery document names the issuer {discovery.get('issuer')!r}, "
                        f"not OIDC_ISSUER={self.issuer!r}"
                    )
                jwks_uri = discovery.get("jwks_uri")
                if not isinstance(jwks_uri, str):
                    raise IssuerUnavailableError("the discovery document has no jwks_uri")
                self.jwks_uri = must_be_safe_url(jwks_uri, "jwks_uri")
            self.keys = signing_keys(await fetch_json(client, self.jwks_uri))
        self.fetched_at = time.monotonic()


async def fetch_json(client: httpx.AsyncClient, url: str) -> dict[str, Any]:
    try:
        response = await client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as error:
        logger.warning("OpenID Connect issuer unavailable: %s: %s", url, error)
        raise IssuerUnavailableError(f"{url} did not answer with JSON: {error}") from error
    if not isinstance(body, dict):
        raise IssuerUnavailableError(f"{url} did not answer with a JSON object")
    return body


def signing_keys(jwks: dict[str, Any]) -> dict[str, jwt.PyJWK]:
    """The RS256 signing keys of a key set, by id. Keys for encryption, of another type or
    without an id are left out: nothing the set holds can widen what we accept."""
    keys = {}
    for entry in jwks.get("keys", []) if isinstance(jwks.get("keys"), list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA":
            continue
        if entry.get("use", "sig") != "sig" or entry.get("alg", ALGORITHM) != ALGORITHM:
            continue
        kid = entry.get("kid")
        if not isinstance(kid, str) or not kid:
            continue
        try:
            keys[kid] = jwt.PyJWK(entry, algorithm=ALGORITHM)
        except jwt.PyJWTError as error:
            logger.warning("the issuer's key %r cannot be read: %s", kid, error)
    return keys


def identity_of(claims: dict[str, Any]) -> VerifiedIdentity:
    subject = claims["sub"]
    if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT_CHARS:
        raise InvalidTokenError("the token's sub is not a usable id")
    email = claims.get("email")
    name = claims.get("name")
    username = claims.get("preferred_username")
    return VerifiedIdentity(
        issuer=claims["iss"],
        subject=subject,
        email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
        # `is True`: a string "false" is truthy, and some issuers leave the claim out.
        email_verified=claims.get("email_verified") is True,
        name=name if isinstance(name, str) else "",
        preferred_username=username if isinstance(username, str) else None,
    )
