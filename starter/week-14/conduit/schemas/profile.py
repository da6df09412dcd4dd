from conduit.schemas.common import CamelModel


class ProfileRead(CamelModel):
    """A user as others see them; `following`: whether the reader follows them (false for a
    reader who sent no token)."""

    username: str
    bio: str | None
    image: str | None
    following: bool


class ProfileResponse(CamelModel):
    profile: ProfileRead
