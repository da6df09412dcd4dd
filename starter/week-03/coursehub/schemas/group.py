from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, RowId, Text, Timestamp
from coursehub.schemas.course import CourseSummary
from coursehub.schemas.user import UserSummary

GroupName = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=NO_NUL)]


class GroupCreate(BaseModel):

    name: GroupName = Field(examples=["Late-night debuggers"])
    description: Text = Field(default="", max_length=500)
    course_id: RowId


class GroupRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    course: CourseSummary
    member_count: int
    created_at: Timestamp
