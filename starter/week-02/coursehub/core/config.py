"""Settings come from the environment (or a `.env` file), never from code.

One `Settings` object is built per app, so tests and the autograder can start an app on a
database and with a password-hashing cost of their choosing without touching globals.
"""

import secrets
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_name: str = "CourseHub"
    # SQLite needs no server. For PostgreSQL set
    # DATABASE_URL=postgresql+asyncpg://user:password@host/database
    database_url: str = "sqlite+aiosqlite:///./coursehub.db"
    # Load sql/sample_data.sql into an empty database at start-up (for class demos and tests).
    seed_sample_data: bool = False
    sample_data_file: Path = PROJECT_DIR / "sql" / "sample_data.sql"

    # A random default means a forgotten SECRET_KEY can never be a guessable one; tokens then
    # simply stop working when the server restarts.
    secret_key: SecretStr = Field(default_factory=lambda: SecretStr(secrets.token_urlsafe(32)))
    jwt_algorithm: str = "HS256"
    access_token_minutes: int = Field(default=60, ge=1)

    # Argon2 cost. Production keeps the library defaults; tests may lower them (never to zero).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)
