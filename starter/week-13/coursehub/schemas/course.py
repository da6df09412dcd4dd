from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from coursehub.schemas.common import NO_NUL, PartialUpdate, Text, Timestamp

# Course codes look like "CS-341": 2-5 capital letters, a dash, 3 digits. Lower case input is
# accepted and upper-cased, so "cs-341" and "CS-341" are the same course. The digits are
# [0-9], not \d: in Python \d also matches "٣" and other digits no person types in a code.
CourseCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2,5}-[0-9]{3}$"),
]
# Surrounding spaces are dropped, so a title of only spaces is rejected as empty.
CourseTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NO_NUL)
]
Credits = Annotated[int, Field(ge=1, le=12)]
MaxGroups = Annotated[int, Field(ge=1, le=100)]


class CourseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    description: str
    credits: int
    max_groups: int | None = Field(
        description="How many study groups the course takes; null: no limit."
    )
    created_at: Timestamp


class CourseCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: CourseCode = Field(examples=["CS-341"])
    title: CourseTitle = Field(examples=["Backend Development"])
    description: Text = Field(default="", max_length=2000)
    credits: Credits = 5
    max_groups: MaxGroups | None = Field(
        default=None,
        description="How many study groups the course takes; leave it out for no limit.",
    )


class CourseUpdate(PartialUpdate):
    """Every field is optional: PATCH changes only what the client sends, and none may be
    null (a course always has a code, a title, a description and credits)."""

    model_config = ConfigDict(extra="forbid")

    code: CourseCode | None = None
    title: CourseTitle | None = None
    description: Text | None = Field(default=None, max_length=2000)
    credits: Credits | None = None
    max_groups: MaxGroups | None = Field(
        default=None,
        description="A new limit; never below the number of groups the course has now.",
    )


class CourseSummary(BaseModel):
    """A course as it appears inside another resource (a group)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
