"""What a container refuses to start with (given in week 13): a copy of `.env.example` nobody
edited must not run in production, and a key of one's own must."""

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COURSEHUB_TEST_BASE_URL")), reason="builds settings in this process"
)

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def example_value(name: str) -> str:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{name}="):
            return line.partition("=")[2]
    raise AssertionError(f"{name} is missing from .env.example")


def test_the_placeholder_key_of_the_example_file_is_refused_in_production() -> None:
    from coursehub.core.config import Settings

    with pytest.raises(ValidationError, match="placeholder"):
        Settings(environment="production", secret_key=example_value("SECRET_KEY"))


def test_a_key_of_ones_own_starts_in_production() -> None:
    from coursehub.core.config import Settings

    settings = Settings(environment="production", secret_key="k" * 43)
    assert settings.environment == "production"


def test_the_placeholder_is_fine_on_a_laptop() -> None:
    from coursehub.core.config import Settings

    assert Settings(secret_key=example_value("SECRET_KEY")).environment == "development"
