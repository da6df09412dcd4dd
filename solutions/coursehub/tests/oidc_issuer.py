# >>> file from week 13
"""A local OpenID Connect issuer: RSA keys, the discovery document, the key set (JWKS) and
tokens signed with RS256, as a real issuer makes them after someone logged in on its page.

`test_oidc.py` serves it with pytest-httpserver. Run on its own, it serves itself, for a demo:

    uv run python tests/oidc_issuer.py            # http://127.0.0.1:9400, audience "coursehub"

then start the app with `OIDC_ISSUER=http://127.0.0.1:9400 OIDC_AUDIENCE=coursehub` and ask
the issuer for a token: `curl 'http://127.0.0.1:9400/token?sub=s-1&email=frank@example.edu'`.
That `/token` address is this demo's stand-in for a login page; no real issuer has one.
"""

import json
import secrets
import sys
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

AUDIENCE = "coursehub"
DEMO_PORT = 9400
TOKEN_SECONDS = 300


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey

    def public_jwk(self) -> dict[str, Any]:
        """The public half, as a key set publishes it."""
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def new_key() -> SigningKey:
    return SigningKey(
        kid=f"key-{secrets.token_hex(4)}",
        private=rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


class LocalIssuer:
    """An issuer at `url` (where its discovery document is looked for), with one key to
    start with. `rotate()` publishes a new key and signs with it from then on."""

    def __init__(self, url: str, audience: str = AUDIENCE) -> None:
        self.url = url
        self.audience = audience
        self.published = [new_key()]
        self.signing = self.published[0]

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "jwks_uri": f"{self.url}/jwks",
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "response_types_supported": ["code"],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public_jwk() for key in self.published]}

    def rotate(self, keep_old: bool = False) -> SigningKey:
        key = new_key()
        self.published = [*self.published, key] if keep_old else [key]
        self.signing = key
        return key

    def claims(self, **changes: Any) -> dict[str, Any]:
        """A valid token's claims; a change of None leaves that claim out."""
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": self.audience,
            "sub": f"subject-{secrets.token_hex(6)}",
            "iat": now,
            "exp": now + TOKEN_SECONDS,
            "email": None,
            "email_verified": False,
        }
        claims.update(changes)
        return {name: value for name, value in claims.items() if value is not None}

    def token(self, key: SigningKey | None = None, kid: str | None = None, **changes: Any) -> str:
        """A token signed RS256 with `key` (the current signing key), its header naming `kid`
        (the key's own id, unless told otherwise)."""
        key = key or self.signing
        headers = {"kid": kid or key.kid}
        return jwt.encode(self.claims(**changes), key.private, algorithm="RS256", headers=headers)


def serve(issuer: LocalIssuer, port: int) -> None:
    """Serve the issuer on this machine until Ctrl-C (the demo; the tests use their own)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            path = url.path.removeprefix(urlsplit(issuer.url).path)
            if path == "/.well-known/openid-configuration":
                self.answer(issuer.discovery())
            elif path == "/jwks":
                self.answer(issuer.jwks())
            elif path == "/token":
                asked = {name: values[0] for name, values in parse_qs(url.query).items()}
                verified = asked.pop("email_verified", "true") == "true"
                self.answer({"access_token": issuer.token(email_verified=verified, **asked)})
            elif path == "/rotate":
                self.answer({"kid": issuer.rotate().kid})
            else:
                self.send_error(404)

        def answer(self, body: dict[str, Any]) -> None:
            data = json.dumps(body, indent=2).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"issuer {issuer.url}, audience {issuer.audience!r}; Ctrl-C to stop", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else DEMO_PORT
    serve(LocalIssuer(f"http://127.0.0.1:{port}"), port)
