from pydantic import BaseModel, ConfigDict

from coursehub.schemas.common import Timestamp


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
    role: RoleRead
    created_at: Timestamp
