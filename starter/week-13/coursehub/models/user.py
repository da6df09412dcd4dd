from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coursehub.core.database import Base, TimestampMixin

from datetime import datetime

from sqlalchemy import DateTime, true


class Role(Base):
    """What a user is allowed to do: student, instructor or admin."""

    __tablename__ = "roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(30), unique=True)

    users: Mapped[list["User"]] = relationship(back_populates="role")


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True, index=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    # Only ever an Argon2 hash: the plain password is never stored or logged.
    hashed_password: Mapped[str] = mapped_column(String(255))
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id"))
    full_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    # A disabled account keeps its data but can neither log in nor use a token it still has.
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Tokens issued before this moment are refused: changing the password logs out every
    # device that knew the old one.
    tokens_valid_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the user proved the email address is theirs (None: not yet).
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # lazy="joined": every read of a user needs its role, so fetch both in one query.
    role: Mapped[Role] = relationship(back_populates="users", lazy="joined")
