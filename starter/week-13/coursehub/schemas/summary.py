from pydantic import BaseModel, ConfigDict, Field

from coursehub.schemas.common import Timestamp


class SummaryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    note_id: int
    text: str = Field(
        description="A short summary written by a language model: plain text (show it as "
        "text, never as HTML), and possibly wrong, as anything such a model writes."
    )
    model: str = Field(description="The model that wrote it.", examples=["gpt-4o-mini"])
    note_updated_at: Timestamp = Field(
        description="The version of the note it summarises (the note's `updated_at` then)."
    )
    created_at: Timestamp = Field(description="When the summary was written.")
    current: bool = Field(
        description="Whether the note is still as it was then. False: it changed since, and "
        "POST asks for a summary of the note as it is now."
    )
