from typing import Literal

from pydantic import BaseModel, Field

from coursehub.schemas.common import Text


class LoginRequest(BaseModel):
    username: Text = Field(min_length=1, max_length=50, examples=["alice"])
    password: Text = Field(min_length=1, max_length=128, examples=["alice-password"])


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_in: int = Field(description="Seconds until the token stops being accepted.")
