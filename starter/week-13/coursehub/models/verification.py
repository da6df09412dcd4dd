from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.database import Base, TimestampMixin


class VerificationToken(TimestampMixin, Base):
    """A link sent to confirm an email address. Only a hash of the token is stored: someone
    who reads the database cannot verify an address they do not own."""

    __tablename__ = "verification_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Set when the token is used: a token verifies once.
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
