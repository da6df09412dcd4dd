"""Settings come from the environment (or a `.env` file), never from code.

One `Settings` object is built per app, so the tests can start an app on a database and with
a password-hashing cost of their choosing without touching globals.
"""

import secrets
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[2]
# HS256 signs with a 256-bit key; a shorter one can be guessed offline from a single token.
MIN_SECRET_KEY_CHARS = 32
# A long key made of few characters ("aaaa...", "changeme" repeated) is long but not random.
MIN_SECRET_KEY_DISTINCT_CHARS = 12
# Below these, Argon2 no longer slows a password guesser down enough (OWASP's minimums).
MIN_ARGON2_TIME_COST = 2
MIN_ARGON2_MEMORY_COST_KIB = 19 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_name: str = "Conduit"
    # "production" refuses a random, weak or placeholder key and a cheap password hash: what a
    # laptop may run with, a server must not.
    environment: Literal["development", "production"] = "development"
    # SQLite needs no server. For PostgreSQL set
    # DATABASE_URL=postgresql+asyncpg://user:password@host/database
    database_url: str = "sqlite+aiosqlite:///./conduit.db"
    # Load sql/sample_data.sql into an empty database at start-up (for demos and tests).
    seed_sample_data: bool = False
    sample_data_file: Path = PROJECT_DIR / "sql" / "sample_data.sql"

    # A random default means a forgotten SECRET_KEY is never a guessable one; tokens then
    # simply stop working when the server restarts.
    secret_key: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    # RealWorld frontends keep the token for days; a stolen one stops working after this.
    access_token_minutes: int = Field(default=24 * 60, ge=1, le=30 * 24 * 60)
    # Browser frontends served from another origin (CORS_ORIGINS='["http://localhost:4200"]').
    # Empty: no cross-origin browser may call the API.
    cors_origins: list[str] = Field(default_factory=list)

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

    @model_validator(mode="after")
    def safe_in_production(self) -> Self:
        if self.environment != "production":
            return self
        key = self.secret_key.get_secret_value()
        if "secret_key" not in self.model_fields_set:
            raise ValueError("ENVIRONMENT=production needs a SECRET_KEY of its own")
        if len(set(key)) < MIN_SECRET_KEY_DISTINCT_CHARS or "replace-me" in key:
            raise ValueError(
                "ENVIRONMENT=production refuses this SECRET_KEY: it is a placeholder or repeats "
                'a few characters; make a random one with `python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"`'
            )
        if (
            self.argon2_time_cost < MIN_ARGON2_TIME_COST
            or self.argon2_memory_cost_kib < MIN_ARGON2_MEMORY_COST_KIB
        ):
            raise ValueError(
                "ENVIRONMENT=production needs ARGON2_TIME_COST >= "
                f"{MIN_ARGON2_TIME_COST} and ARGON2_MEMORY_COST_KIB >= {MIN_ARGON2_MEMORY_COST_KIB}"
            )
        return self
