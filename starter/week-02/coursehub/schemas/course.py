from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, PartialUpdate, Text, Timestamp

CourseCode = Annotated[str, StringConstraints(min_length=2, max_length=20, pattern=NO_NUL)]
CourseTitle = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=NO_NUL)]
Credits = Annotated[int, Field(ge=1, le=12)]


class CourseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    description: str
    credits: int
    created_at: Timestamp


class CourseSummary(BaseModel):
    """A course as it appears inside another resource (a group)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
