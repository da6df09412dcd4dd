# >>> file from week 13
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.database import Base, TimestampMixin


class NoteSummary(TimestampMixin, Base):
    """A language model's summary of a note, kept so that reading it costs nothing.

    `note_updated_at` is the version of the note it summarises: while the note's own
    `updated_at` is the same, the summary is current and nobody pays for another one. A note's
    summary goes with it."""

    __tablename__ = "note_summaries"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    model: Mapped[str] = mapped_column(String(200))
    note_updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
