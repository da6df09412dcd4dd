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


class CourseCreate(BaseModel):

    code: CourseCode = Field(examples=["CS-341"])
    title: CourseTitle = Field(examples=["Backend Development"])
    description: Text = Field(default="", max_length=2000)
    credits: Credits = 5


class CourseUpdate(PartialUpdate):
    """Every field is optional: PATCH changes only what the client sends, and none may be
    null (a course always has a code, a title, a description and credits)."""


    code: CourseCode | None = None
    title: CourseTitle | None = None
    description: Text | None = Field(default=None, max_length=2000)
    credits: Credits | None = None


class CourseSummary(BaseModel):
    """A course as it appears inside another resource (a group)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
