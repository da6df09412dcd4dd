from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, RowId, Text, Timestamp
from coursehub.schemas.course import CourseSummary
from coursehub.schemas.user import UserSummary

# >>> homework hw05
GroupName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=80, pattern=NO_NUL)
]
# === before
# GroupName = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_NUL)]
# <<<


class GroupCreate(BaseModel):
    # >>> homework hw05
    model_config = ConfigDict(extra="forbid")
    # <<<

    name: GroupName = Field(examples=["Late-night debuggers"])
    description: Text = Field(default="", max_length=500)
    course_id: RowId
    # >>> homework hw05
    max_members: int = Field(default=6, ge=2, le=12)
    # <<<


class GroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    # >>> homework hw05
    max_members: int
    # <<<
    course: CourseSummary
    member_count: int
    created_at: Timestamp


# >>> from week 05
class GroupDetail(GroupRead):
    members: list[UserSummary]


class MembershipRead(BaseModel):
    group_id: int
    user_id: int
    joined_at: Timestamp


# <<<
