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


class CourseSummary(BaseModel):
    """A course as it appears inside another resource (a group)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    title: str
