from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from conduit.core.database import Base, Timestamps


class User(Timestamps, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored in lower case (the schemas see to it): "Jake" and "jake" are one account.
    username: Mapped[str] = mapped_column(String(40), unique=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # Only ever an Argon2 hash: the plain password is never stored or logged.
    hashed_password: Mapped[str] = mapped_column(String(255))
    bio: Mapped[str | None] = mapped_column(String(1000))
    image: Mapped[str | None] = mapped_column(String(1000))
    # Every token carries the version it was issued under; changing the password counts it
    # up, so each token issued before stops working (a stolen token is then worth nothing).
    token_version: Mapped[int] = mapped_column(default=0, server_default="0")


class Follow(Base):
    """`follower` reads `followed`'s articles in their feed."""

    __tablename__ = "follows"
    __table_args__ = (CheckConstraint("follower_id <> followed_id", name="ck_follows_not_oneself"),)

    follower_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed on its own: "who follows this author" is asked for every article shown.
    followed_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
