from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from coursehub.core.database import Base


class DigestDelivery(Base):
    """One user's digest of one day, claimed before it is sent.

    The primary key is the promise: whichever worker, cron run or retry inserts the row first
    sends that digest, and every other one skips it, so nobody gets a day's digest twice."""

    __tablename__ = "digest_deliveries"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
