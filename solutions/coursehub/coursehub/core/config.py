"""Settings come from the environment (or a `.env` file), never from code.

One `Settings` object is built per app, so tests and the autograder can start an app on a
database and with a password-hashing cost of their choosing without touching globals.
"""

import secrets
from pathlib import Path
from typing import Literal, Self
# >>> from week 13
from urllib.parse import urlsplit
# <<<

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[2]
# A key shorter than this can be guessed offline from one token (HS256 wants 256 bits).
MIN_SECRET_KEY_CHARS = 32
# Below these, Argon2 no longer slows a password guesser down enough (OWASP's minimums).
MIN_ARGON2_TIME_COST = 2
MIN_ARGON2_MEMORY_COST_KIB = 19 * 1024
# >>> from week 09
# An SMTP server on the same machine is reached without crossing a network.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# <<<
# >>> from week 13
# How the values of .env.example begin, so that a copy nobody edited cannot run in production.
PLACEHOLDER_PREFIX = "replace-me"
# <<<


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_name: str = "CourseHub"
    # "production" refuses to start with a random or weak key or a cheap password hash: what
    # a laptop may run with, a server must not.
    environment: Literal["development", "production"] = "development"
    # SQLite needs no server. For PostgreSQL set
    # DATABASE_URL=postgresql+asyncpg://user:password@host/database
    database_url: str = "sqlite+aiosqlite:///./coursehub.db"
    # Load sql/sample_data.sql into an empty database at start-up (for class demos and tests).
    seed_sample_data: bool = False
    sample_data_file: Path = PROJECT_DIR / "sql" / "sample_data.sql"

    # A random default means a forgotten SECRET_KEY can never be a guessable one; tokens then
    # simply stop working when the server restarts.
    secret_key: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    # Only the HMAC algorithms this app signs with; a token naming another is refused.
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    access_token_minutes: int = Field(default=60, ge=1)
    # >>> from week 07
    # Rotating the key: put the old one here (PREVIOUS_SECRET_KEYS='["old-key"]') and a new
    # SECRET_KEY. Tokens signed with an old key keep working until they expire; new tokens
    # are signed with the new key only. Remove the old key after one token lifetime.
    previous_secret_keys: list[SecretStr] = Field(default_factory=list)
    # <<<

    # >>> from week 09
    # Where the app sends email: any SMTP server. The tests and `course serve` run a local one
    # (aiosmtpd) that keeps every message it is given; in production, your provider's relay
    # (with SMTP_STARTTLS=true and its SMTP_USERNAME / SMTP_PASSWORD).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=8025, ge=1, le=65535)
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    mail_from: str = "CourseHub <no-reply@coursehub.example>"
    # The address people open the app at, for the link in a verification email.
    public_url: str = "http://127.0.0.1:8000"
    # A verification link older than this no longer verifies; the user asks for a new one.
    verification_token_hours: int = Field(default=24, ge=1)

    # <<<
    # >>> from week 13
    # The daily digest email (coursehub/jobs.py): sent at this hour (UTC) for the day before,
    # by every app process when enabled; or leave it off and run `python -m coursehub.digest`.
    digest_enabled: bool = False
    digest_hour_utc: int = Field(default=7, ge=0, le=23)
    # <<<
    # >>> from week 13
    # GET /metrics, the request counters for a Prometheus server (core/monitoring.py). Request
    # ids and the JSON request log stay on either way.
    metrics_enabled: bool = True
    # <<<
    # >>> from week 13
    # Note summaries by a language model (core/ai.py): any OpenAI-compatible chat-completions
    # API. Off while AI_API_KEY is empty. Turning them on sends the text of the notes people
    # ask to summarise to AI_BASE_URL.
    ai_base_url: str = "https://api.openai.com/v1"
    ai_api_key: SecretStr = SecretStr("")
    ai_model: str = "gpt-4o-mini"
    # Per attempt; a failure that may pass (a timeout, 429, a 5xx) is tried again, up to
    # AI_MAX_ATTEMPTS attempts in all, while the request that asked for the summary waits.
    ai_timeout_seconds: float = Field(default=20, gt=0, le=300)
    ai_max_attempts: int = Field(default=3, ge=1, le=10)
    # <<<
    # >>> from week 13
    # Logging in with the tokens of an OpenID Connect issuer (core/oidc.py): off while
    # OIDC_ISSUER is empty. OIDC_AUDIENCE is the `aud` the issuer puts in tokens meant for this
    # API (often the client id it gave the app); a token for any other audience is refused.
    oidc_issuer: str = ""
    oidc_audience: str = ""
    # The issuer's keys are fetched again after this long, so a key it withdrew stops working by
    # then. A token naming a key not among them fetches them early, at most once a minute.
    oidc_jwks_refresh_seconds: int = Field(default=3600, ge=60, le=86400)
    # <<<
    # Argon2 cost. Production keeps the library defaults; tests may lower them (never to zero).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    @field_validator("secret_key")
    @classmethod
    def long_enough(cls, key: SecretStr) -> SecretStr:
        if len(key.get_secret_value()) < MIN_SECRET_KEY_CHARS:
            raise ValueError(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_CHARS} characters; make one with "
                '`python -c "import secrets; print(secrets.token_urlsafe(32))"`'
            )
        return key

    # >>> from week 07
    @field_validator("previous_secret_keys")
    @classmethod
    def previous_keys_long_enough(cls, keys: list[SecretStr]) -> list[SecretStr]:
        for key in keys:
            if len(key.get_secret_value()) < MIN_SECRET_KEY_CHARS:
                raise ValueError(
                    f"each of PREVIOUS_SECRET_KEYS must be at least {MIN_SECRET_KEY_CHARS} "
                    "characters, as SECRET_KEY is"
                )
        return keys

    # <<<
    # >>> from week 13
    @property
    def ai_enabled(self) -> bool:
        return bool(self.ai_api_key.get_secret_value())

    @model_validator(mode="after")
    def ai_key_only_over_tls(self) -> Self:
        """The key travels in a header of every request: over plain HTTP only to this machine
        (a local model server, a test's fake provider), never across a network."""
        url = urlsplit(self.ai_base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("AI_BASE_URL must be an http(s) URL, e.g. https://api.openai.com/v1")
        if self.ai_enabled and url.scheme == "http" and url.hostname not in LOCAL_HOSTS:
            raise ValueError(
                "AI_BASE_URL must start with https:// unless it is on this machine: the "
                "AI_API_KEY would cross the network in clear text"
            )
        return self

    # <<<
    # >>> from week 13
    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer)

    @model_validator(mode="after")
    def oidc_complete(self) -> Self:
        """An issuer without an audience would accept its tokens for any app it serves; one
        over plain HTTP could be impersonated by anyone on the network between."""
        if not self.oidc_enabled:
            return self
        url = urlsplit(self.oidc_issuer)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError("OIDC_ISSUER must be an http(s) URL, e.g. https://login.example.edu")
        if url.scheme == "http" and url.hostname not in LOCAL_HOSTS:
            raise ValueError(
                "OIDC_ISSUER must start with https:// unless it is on this machine: its keys "
                "decide who may log in"
            )
        if not self.oidc_audience:
            raise ValueError(
                "OIDC_ISSUER is set, so set OIDC_AUDIENCE too: the `aud` the issuer puts in "
                "tokens meant for this API (usually the client id it gave the app)"
            )
        return self

    # <<<
    @model_validator(mode="after")
    def safe_in_production(self) -> Self:
        if self.environment != "production":
            return self
        if "secret_key" not in self.model_fields_set:
            raise ValueError("ENVIRONMENT=production needs a SECRET_KEY of its own")
        # >>> from week 13
        if self.secret_key.get_secret_value().startswith(PLACEHOLDER_PREFIX):
            raise ValueError(
                "SECRET_KEY is still the placeholder of .env.example: put a key of your own in .env"
            )
        # <<<
        if (
            self.argon2_time_cost < MIN_ARGON2_TIME_COST
            or self.argon2_memory_cost_kib < MIN_ARGON2_MEMORY_COST_KIB
        ):
            raise ValueError(
                "ENVIRONMENT=production needs ARGON2_TIME_COST >= "
                f"{MIN_ARGON2_TIME_COST} and ARGON2_MEMORY_COST_KIB >= {MIN_ARGON2_MEMORY_COST_KIB}"
            )
        # >>> from week 09
        if not self.smtp_starttls and self.smtp_host not in LOCAL_HOSTS:
            # A password and a verification link would cross the network in clear text.
            raise ValueError(
                "ENVIRONMENT=production sends mail to another machine only over TLS: set "
                "SMTP_STARTTLS=true"
            )
        # <<<
        return self
