from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from coursehub.core.database import Base, TimestampMixin

if TYPE_CHECKING:
    from coursehub.models.group import StudyGroup


class Course(TimestampMixin, Base):
    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("credits BETWEEN 1 AND 12", name="ck_courses_credits"),
        CheckConstraint("max_groups BETWEEN 1 AND 100", name="ck_courses_max_groups"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    credits: Mapped[int] = mapped_column(default=5, server_default="5")
    # How many study groups the course takes; NULL: as many as students create.
    max_groups: Mapped[int | None] = mapped_column(default=None)

    groups: Mapped[list["StudyGroup"]] = relationship(back_populates="course")
