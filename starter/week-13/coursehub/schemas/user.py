from pydantic import BaseModel, ConfigDict
from pydantic import Field

from coursehub.schemas.common import Timestamp

from coursehub.schemas.auth import Email, FullName
from coursehub.schemas.common import PartialUpdate


class RoleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str


class UserSummary(BaseModel):
    """A user as others see them: no email, no role."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str


class UserRead(UserSummary):
    """A user as they see themselves. `hashed_password` is deliberately not a field."""

    email: str
    full_name: str
    role: RoleRead
    created_at: Timestamp
    verified_at: Timestamp | None = Field(
        description="When the email address was confirmed; null until it is."
    )


class UserUpdate(PartialUpdate):
    """What a user may change about themselves. Not the role, not the password (that has its
    own endpoint, which asks for the current one): unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    email: Email | None = None
    full_name: FullName | None = None
