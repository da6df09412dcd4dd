from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, RowId, Text, Timestamp
from coursehub.schemas.course import CourseSummary
from coursehub.schemas.user import UserSummary

GroupName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=80, pattern=NO_NUL)
]


class GroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: GroupName = Field(examples=["Late-night debuggers"])
    description: Text = Field(default="", max_length=500)
    course_id: RowId
    max_members: int = Field(default=6, ge=2, le=12)


class GroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    max_members: int
    course: CourseSummary
    member_count: int
    created_at: Timestamp


class GroupDetail(GroupRead):
    members: list[UserSummary]


class MembershipRead(BaseModel):
    group_id: int
    user_id: int
    joined_at: Timestamp
