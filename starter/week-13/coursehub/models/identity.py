from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.database import Base, TimestampMixin


class ExternalIdentity(TimestampMixin, Base):
    """A person of an OpenID Connect issuer, known here as one local user.

    The issuer's `sub` is what stays the same for that person, and it is unique only within
    its issuer: the pair is the key. An email address is not (people change it, and another
    issuer may vouch for the same one), so it links an identity once, at its first login."""

    __tablename__ = "external_identities"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_external_identities_issuer_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
