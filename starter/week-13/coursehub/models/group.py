from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from coursehub.core.database import Base, TimestampMixin
from coursehub.models.user import User

if TYPE_CHECKING:
    from coursehub.models.course import Course


class StudyGroup(TimestampMixin, Base):
    """A group of students who study one course together."""

    __tablename__ = "study_groups"
    __table_args__ = (
        # Two groups of one course may not share a name; other courses may reuse it.
        UniqueConstraint("course_id", "name", name="uq_study_groups_course_name"),
        CheckConstraint("max_members BETWEEN 2 AND 12", name="ck_study_groups_max_members"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(500), default="", server_default="")
    max_members: Mapped[int] = mapped_column(default=6, server_default="6")
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    course: Mapped["Course"] = relationship(back_populates="groups")
    created_by: Mapped[User] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="Membership.joined_at"
    )

    @property
    def members(self) -> list[User]:
        """Members in the order they joined (needs `memberships` and their users loaded)."""
        return [membership.user for membership in self.memberships]


class Membership(Base):
    """A user belongs to a group: the link table of a many-to-many relation."""

    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("study_groups.id", ondelete="CASCADE"), primary_key=True
    )
    joined_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        default=lambda: datetime.now(UTC),
        server_default=func.current_timestamp(),
    )

    group: Mapped[StudyGroup] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


# A correlated subquery, loaded with every group: the count is always as fresh as the row.
StudyGroup.member_count = column_property(
    select(func.count(Membership.user_id))
    .where(Membership.group_id == StudyGroup.id)
    .correlate_except(Membership)
    .scalar_subquery()
)
