from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, PartialUpdate, Text, Timestamp
from coursehub.schemas.user import UserSummary

NoteTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]


class NoteCreate(BaseModel):
    """A new note. The owner and the group are not fields: the owner is whoever sends it,
    the group is the one in the URL (extra fields are refused)."""

    model_config = ConfigDict(extra="forbid")

    title: NoteTitle = Field(examples=["Session checklist"])
    body: Text = Field(default="", max_length=10_000)
    pinned: bool = Field(default=False, description="Keep the note at hand for the group.")


class NoteUpdate(PartialUpdate):
    model_config = ConfigDict(extra="forbid")

    title: NoteTitle | None = None
    body: Text | None = Field(default=None, max_length=10_000)
    pinned: bool | None = Field(default=None, description="Pin (true) or unpin (false) the note.")


class NoteRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    group_id: int
    title: str
    body: str
    pinned: bool = Field(description="Whether the group keeps the note at hand.")
    owner: UserSummary
    created_at: Timestamp
    updated_at: Timestamp
