"""Users as the spec has them: registration, login, the current user and its changes."""

from typing import Annotated, ClassVar

from pydantic import AfterValidator, EmailStr, Field, StringConstraints

from conduit.schemas.common import NO_NUL, CamelModel, PartialUpdate, bounded_text

# Letters, digits, "_" and "-", kept in lower case: what a profile URL can show as it is, and
# "Jake" is never a second account beside "jake". ([A-Za-z], not \w: \w also matches the
# letters of every script, and their look-alikes.)
Username = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,40}$"), AfterValidator(str.lower)
]
# Addresses are compared without case: "Jake@Example.org" is jake@example.org.
Email = Annotated[EmailStr, AfterValidator(str.lower), Field(max_length=320)]
# Length is what makes a password hard to guess (NIST SP 800-63B's minimum is 8, which the
# spec's own test collection uses). The upper bound keeps the work of hashing it small.
Password = Annotated[str, StringConstraints(min_length=8, max_length=128, pattern=NO_NUL)]
Bio = bounded_text(1000, required=False)
# A picture's address, shown by frontends in <img src>: only http(s), never `javascript:`.
ImageUrl = Annotated[str, StringConstraints(max_length=1000, pattern=r"^(https?://[^\s\x00]+)?$")]


class NewUser(CamelModel):
    username: Username = Field(examples=["jake"])
    email: Email = Field(examples=["jake@example.org"])
    password: Password = Field(examples=["jakejake"])


class NewUserRequest(CamelModel):
    user: NewUser


class LoginUser(CamelModel):
    email: Email = Field(examples=["alice@example.org"])
    # Any length: a login only compares; a too-short password simply does not match.
    password: str = Field(min_length=1, max_length=128, pattern=NO_NUL, examples=["alice-password"])


class LoginUserRequest(CamelModel):
    user: LoginUser


class UserUpdate(PartialUpdate):
    """What a user may change about themselves. An empty `bio` or `image` (or null) removes
    it; a new password ends every session but the one this answer starts."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset({"bio", "image"})

    email: Email | None = None
    username: Username | None = None
    password: Password | None = None
    bio: Bio | None = None
    image: ImageUrl | None = None


class UserUpdateRequest(CamelModel):
    user: UserUpdate


class UserRead(CamelModel):
    """The user as they see themselves, with a token to send as `Authorization: Token ...`."""

    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class UserResponse(CamelModel):
    user: UserRead
