from typing import Literal

from pydantic import BaseModel, Field

from coursehub.schemas.common import Text

from typing import Annotated

from pydantic import AfterValidator, ConfigDict, EmailStr, StringConstraints

from coursehub.schemas.common import NO_NUL

# Letters, digits and "_", starting with a letter, stored in lower case: what a URL or a
# mention can show as it is. "Alice " is read as "alice", so two spellings are never two
# accounts. ([A-Za-z], not \w: \w also matches letters of every script, and look-alikes.)
Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, pattern=r"^[A-Za-z][A-Za-z0-9_]{2,29}$"
    ),
]
# Addresses are compared without case: "Alice@Example.edu" is alice@example.edu.
Email = Annotated[EmailStr, AfterValidator(str.lower), Field(max_length=320)]
# Length is what makes a password hard to guess (NIST SP 800-63B asks for at least 8; we ask
# for 12). The upper bound keeps Argon2's input, and the work of hashing it, small.
Password = Annotated[str, StringConstraints(min_length=12, max_length=128, pattern=NO_NUL)]
FullName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=100, pattern=NO_NUL)
]


class LoginRequest(BaseModel):
    username: Text = Field(
        min_length=1,
        max_length=320,
        description="The username or the email address of the account.",
        examples=["alice"],
    )
    password: Text = Field(min_length=1, max_length=128, examples=["alice-password"])


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_in: int = Field(description="Seconds until the token stops being accepted.")


class RegisterRequest(BaseModel):
    """A new account. The role is not a field: every account starts as a student, whatever
    a client sends (extra fields are refused)."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(examples=["frank"])
    email: Email = Field(examples=["frank@example.edu"])
    password: Password = Field(examples=["a long passphrase"])
    full_name: FullName = Field(default="", examples=["Frank Li"])


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: Text = Field(min_length=1, max_length=128)
    new_password: Password


class VerifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The token from the verification email.",
    )
