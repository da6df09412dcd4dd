from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from coursehub.api.deps import CurrentUser, SessionDep
from coursehub.api.deps import HubDep
from coursehub.core.errors import error_responses
from coursehub.models import Note
from coursehub.schemas.common import MAX_ID
from coursehub.schemas.note import NoteCreate, NoteRead, NoteUpdate
from coursehub.services import notes as note_service

router = APIRouter(tags=["notes"])

GroupId = Annotated[int, Path(gt=0, le=MAX_ID, description="The study group's id.")]
NoteId = Annotated[int, Path(gt=0, le=MAX_ID, description="The note's id.")]


@router.get(
    "/api/groups/{group_id}/notes",
    response_model=list[NoteRead],
    responses=error_responses(
        status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN, status.HTTP_404_NOT_FOUND
    ),
)
async def list_group_notes(
    group_id: GroupId,
    user: CurrentUser,
    session: SessionDep,
    pinned: Annotated[
        bool | None, Query(description="Only the pinned notes (true) or the others (false).")
    ] = None,
) -> Sequence[Note]:
    """The notes of a study group, oldest first. Members only."""
    return await note_service.list_group_notes(session, group_id, user, pinned)


@router.post(
    "/api/groups/{group_id}/notes",
    response_model=NoteRead,
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST,
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_403_FORBIDDEN,
        status.HTTP_404_NOT_FOUND,
    ),
)
async def create_note(
    group_id: GroupId,
    data: NoteCreate,
    user: CurrentUser,
    session: SessionDep,
    response: Response,
    hub: HubDep,
) -> Note:
    """Write a note in a study group. Members only; the writer owns it."""
    note = await note_service.create_note(session, group_id, user, data, hub)
    response.headers["Location"] = f"/api/notes/{note.id}"
    return note


@router.patch(
    "/api/notes/{note_id}",
    response_model=NoteRead,
    responses=error_responses(
        status.HTTP_400_BAD_REQUEST,
        status.HTTP_401_UNAUTHORIZED,
        status.HTTP_403_FORBIDDEN,
        status.HTTP_404_NOT_FOUND,
    ),
)
async def update_note(
    note_id: NoteId, data: NoteUpdate, user: CurrentUser, session: SessionDep, hub: HubDep
) -> Note:
    """Change a note's title, body or pin. Its owner only."""
    return await note_service.update_note(session, note_id, user, data, hub)


@router.delete(
    "/api/notes/{note_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(
        status.HTTP_401_UNAUTHORIZED, status.HTTP_403_FORBIDDEN, status.HTTP_404_NOT_FOUND
    ),
)
async def delete_note(note_id: NoteId, user: CurrentUser, session: SessionDep, hub: HubDep) -> None:
    """Delete a note. Its owner only."""
    await note_service.delete_note(session, note_id, user, hub)
