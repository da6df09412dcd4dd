"""Types every schema shares: the spec's camelCase names, its timestamps, and what the
database can hold, each said once.

A fuzzer (and an attacker) sends whatever the published schema allows. Whatever the database
cannot take must therefore be refused here, with a 422, and said in the schema: text longer
than its column, a NUL byte (PostgreSQL refuses it in text), half of a UTF-16 surrogate pair
(no database can store it; a `pattern` makes Pydantic refuse it).
"""

from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic.alias_generators import to_camel

# Text without NUL bytes; the pattern is published in the schema, so clients know it.
NO_NUL = r"^[^\x00]*$"
# Text with at least one character that is not a space, and no NUL.
NOT_BLANK = r"^[^\x00]*[^\s\x00][^\x00]*$"


def bounded_text(max_length: int, required: bool = True) -> Any:
    """Text a person typed, stored without its surrounding spaces. The bounds apply to the
    text as sent, so that the published schema accepts exactly what the API accepts; a
    required text must hold something other than spaces."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, pattern=NOT_BLANK if required else NO_NUL),
        AfterValidator(str.strip),
    ]


def as_utc(moment: datetime) -> datetime:
    """Times are stored in UTC; SQLite gives them back without a time zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso_milliseconds(moment: datetime) -> str:
    """The spec's shape of a moment, 2026-05-04T09:30:00.000Z: UTC, with milliseconds even
    when they are zero (its Postman collection checks that they are there)."""
    return as_utc(moment).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


Timestamp = Annotated[
    datetime,
    PlainSerializer(iso_milliseconds, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}, mode="serialization"),
]


class CamelModel(BaseModel):
    """Python names in the code, the spec's camelCase names on the wire (`tag_list` is
    "tagList"). Fields a client adds beyond the spec's are ignored, as RealWorld frontends
    send some (the settings page sends the whole user back)."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        from_attributes=True,
    )


def unique_in_order(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def without_null(schema: dict[str, Any], model: type["PartialUpdate"]) -> None:
    """Drop `null` from each non-nullable property's choices in the published schema (the
    property may be left out, not nulled), and say that an empty body changes nothing."""
    for name, field in schema.get("properties", {}).items():
        if name in model.NULLABLE:
            continue
        choices = field.get("anyOf")
        if choices:
            kept = [choice for choice in choices if choice.get("type") != "null"]
            field.pop("anyOf")
            field.update(kept[0] if len(kept) == 1 else {"anyOf": kept})
        if field.get("default", 0) is None:
            field.pop("default")
    schema["minProperties"] = 1  # at least one field, as `something_to_change` says


class PartialUpdate(CamelModel):
    """A PUT body of the spec: each field may be left out (it keeps its value), at least one
    must be sent, and only the fields named in `NULLABLE` may be null (to empty them)."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    model_config = ConfigDict(json_schema_extra=without_null)

    @model_validator(mode="after")
    def something_to_change(self) -> Self:
        sent = self.model_fields_set
        if not sent:
            raise ValueError("send at least one field to change")
        fields = type(self).model_fields
        nulls = sorted(
            fields[name].alias or name  # the name the client sent: tagList, not tag_list
            for name in sent - self.NULLABLE
            if getattr(self, name) is None
        )
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; leave a field out to keep it")
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


TagName = bounded_text(40)
# An article's tags: each name once, in the order given, at most MAX_TAGS of them.
MAX_TAGS = 20
TagList = Annotated[list[TagName], Field(max_length=MAX_TAGS), AfterValidator(unique_in_order)]
