"""What a group's live listeners hear about its notes.

An event carries the note exactly as the HTTP API shows it (`NoteRead`), so a client parses one
shape, and a listener who missed events can read the same notes again from
`GET /api/groups/{group_id}/notes`.
"""

from coursehub.core.live import Event
from coursehub.models import Note
from coursehub.schemas.note import NoteRead


def note_event(kind: str, note: Note) -> Event:
    """`note.created` or `note.updated`."""
    return {"type": kind, "note": NoteRead.model_validate(note).model_dump(mode="json")}


def note_deleted_event(note_id: int) -> Event:
    return {"type": "note.deleted", "note_id": note_id}
