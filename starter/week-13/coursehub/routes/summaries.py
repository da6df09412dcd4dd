"""Summaries of notes by a language model. The app includes these routes in its API document
only where AI_API_KEY is set: elsewhere asking for a summary answers 503, which a client
reading the document should not be sent to."""

from typing import Any

from fastapi import APIRouter, status

from coursehub.api.deps import ChatClientDep, CurrentUser, SessionDep
from coursehub.core.errors import ErrorBody, error_responses
from coursehub.routes.notes import NoteId
from coursehub.schemas.summary import SummaryRead
from coursehub.services import summaries as summary_service

router = APIRouter(tags=["summaries"])

NOT_SUMMARISED: dict[int | str, dict[str, Any]] = {
    status.HTTP_503_SERVICE_UNAVAILABLE: {
        "model": ErrorBody,
        "description": "No summary can be written now: the language model's provider is not "
        "answering (ask again after `Retry-After`), or refuses our requests, or summaries are "
        "off on this server (no `Retry-After` then).",
    }
}


@router.post(
    "/api/notes/{note_id}/summary",
    response_model=SummaryRead,
    responses={
        **error_responses(
            status.HTTP_401_UNAUTHORIZED, status.HTTP_404_NOT_FOUND, status.HTTP_409_CONFLICT
        ),
        **NOT_SUMMARISED,
    },
)
async def summarise_note(
    note_id: NoteId, user: CurrentUser, session: SessionDep, chat: ChatClientDep
) -> SummaryRead:
    """A short summary of the note as it is now, written by a language model and kept.

    Members of the note's group only (to anyone else the note does not exist). While the note
    is unchanged, the kept summary is answered without asking the model again. The note's
    title and body are sent to the provider set up in AI_BASE_URL. 409: the note changed
    while its summary was being written."""
    return await summary_service.summarise(session, note_id, user, chat)


@router.get(
    "/api/notes/{note_id}/summary",
    response_model=SummaryRead,
    responses=error_responses(status.HTTP_401_UNAUTHORIZED, status.HTTP_404_NOT_FOUND),
)
async def read_summary(note_id: NoteId, user: CurrentUser, session: SessionDep) -> SummaryRead:
    """The kept summary of the note (404 when none was written), even if the note changed since
    (`current` is then false) or the provider is down. Members of the note's group only."""
    return await summary_service.get_summary(session, note_id, user)
