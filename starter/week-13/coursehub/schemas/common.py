"""Types every schema shares: what the database can hold, said once.

A fuzzer (and an attacker) sends what the published schema allows. Whatever the database
cannot take must therefore be refused here, with a 422, and said in the schema: an id past
what SQLite and PostgreSQL store in an integer, a time without a time zone, a NUL byte
(PostgreSQL refuses it in text).
"""

from datetime import UTC, datetime
from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

# The largest id every database of the course stores: a PostgreSQL INTEGER column holds up to
# 2**31 - 1 (SQLite's integers go on to 2**63 - 1). A larger id cannot name a row.
MAX_ID = 2_147_483_647

# An id of a row, in a body (`course_id`).
RowId = Annotated[int, Field(gt=0, le=MAX_ID)]

# Text without NUL bytes; the pattern is published in the schema, so clients know it.
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, StringConstraints(pattern=NO_NUL)]


def as_utc(moment: datetime) -> datetime:
    """Times are stored in UTC; SQLite gives them back without a time zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A moment in an answer, always with its time zone ("2026-09-01T08:30:00Z").
Timestamp = Annotated[datetime, AfterValidator(as_utc)]


def _without_null(schema: dict[str, Any]) -> None:
    """Drop `null` from each property's choices: the property may be left out, not nulled."""
    for field in schema.get("properties", {}).values():
        choices = field.get("anyOf")
        if choices:
            kept = [choice for choice in choices if choice.get("type") != "null"]
            field.pop("anyOf")
            field.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
        if field.get("default", 0) is None:
            field.pop("default")


class PartialUpdate(BaseModel):
    """A PATCH body: each field may be left out (it keeps its value), none may be null (that
    would empty a column that must hold something). The published schema says the same."""

    model_config = ConfigDict(json_schema_extra=_without_null)

    @model_validator(mode="after")
    def reject_explicit_nulls(self) -> Self:
        nulls = sorted(name for name in self.model_fields_set if getattr(self, name) is None)
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
        return self
