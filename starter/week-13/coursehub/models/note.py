from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coursehub.core.database import Base, TimestampMixin
from coursehub.models.user import User


class Note(TimestampMixin, Base):
    """A note a member writes in a study group: readable by the group, changed by its owner."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A group's notes go with it; nothing in the course deletes a group today.
    group_id: Mapped[int] = mapped_column(
        ForeignKey("study_groups.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Pinned notes are the ones a group keeps at hand; rows from before the column read false.
    pinned: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        default=lambda: datetime.now(UTC),
        onupdate=lambda: datetime.now(UTC),
        server_default=func.current_timestamp(),
    )

    # lazy="joined": every answer with a note shows its owner.
    owner: Mapped[User] = relationship(lazy="joined")
