from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

CourseCode = Annotated[str, StringConstraints(min_length=2, max_length=20)]
CourseTitle = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Credits = Annotated[int, Field(ge=1, le=12)]


class CourseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
    description: str
    credits: int
    created_at: datetime


class CourseCreate(BaseModel):

    code: CourseCode = Field(examples=["CS-341"])
    title: CourseTitle = Field(examples=["Backend Development"])
    description: str = Field(default="", max_length=2000)
    credits: Credits = 5


class CourseUpdate(BaseModel):
    """Every field is optional: PATCH changes only what the client sends."""


    code: CourseCode | None = None
    title: CourseTitle | None = None
    description: str | None = Field(default=None, max_length=2000)
    credits: Credits | None = None

    @model_validator(mode="after")
    def reject_explicit_nulls(self) -> Self:
        # Leaving a field out keeps it; sending null would try to empty a required column.
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
        return self


class CourseSummary(BaseModel):
    """A course as it appears inside another resource (a group)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
