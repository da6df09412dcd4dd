# >>> file from week 08
"""Notes of study groups, and who may do what with them.

The rules live here, not in the routes: every way into a note (the API today, a job or a
WebSocket later) goes through these functions, so none can forget a check.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import NotFoundError
from coursehub.models import Membership, Note, User
from coursehub.schemas.note import NoteCreate, NoteUpdate
from coursehub.services.groups import get_group
# >>> from week 13
from coursehub.core.live import GroupHub
# <<<
# >>> homework hw12
from coursehub.services.note_events import note_deleted_event, note_event
# <<<

# >>> homework hw07
from coursehub.core.errors import ForbiddenError

# <<<


async def is_member(session: AsyncSession, group_id: int, user: User) -> bool:
    membership = await session.get(Membership, {"user_id": user.id, "group_id": group_id})
    return membership is not None


async def get_note(session: AsyncSession, note_id: int) -> Note:
    note = await session.get(Note, note_id)
    if note is None:
        raise NotFoundError(f"Note {note_id} does not exist.")
    return note


# >>> homework hw07
async def ensure_member(session: AsyncSession, group_id: int, user: User) -> None:
    """Only a group's members read and write its notes."""
    if not await is_member(session, group_id, user):
        raise ForbiddenError(f"Only members of study group {group_id} can use its notes.")


async def note_to_change(session: AsyncSession, note_id: int, user: User) -> Note:
    """The note, when `user` owns it. A member of its group who does not own it gets 403; to
    anyone else the note does not exist (404), so its id says nothing about the group."""
    note = await get_note(session, note_id)
    if note.owner_id == user.id:
        return note
    if await is_member(session, note.group_id, user):
        raise ForbiddenError(f"Only the owner of note {note_id} can change it.")
    raise NotFoundError(f"Note {note_id} does not exist.")


# === starter
# async def ensure_member(session: AsyncSession, group_id: int, user: User) -> None:
#     """Only a group's members read and write its notes.
#
#     TODO(hw07): raise ForbiddenError (403) when `user` is not a member of the group.
#     """
#
#
# async def note_to_change(session: AsyncSession, note_id: int, user: User) -> Note:
#     """The note `user` wants to change or delete.
#
#     TODO(hw07): only its owner may; a member of its group who is not the owner gets
#     ForbiddenError (403); anyone else NotFoundError (404), as if it did not exist.
#     """
#     return await get_note(session, note_id)
# <<<


# >>> homework hw11
async def list_group_notes(
    session: AsyncSession, group_id: int, user: User, pinned: bool | None = None
) -> Sequence[Note]:
    """The group's notes, oldest first; only the pinned (or the unpinned) ones if asked."""
    await get_group(session, group_id)  # 404 before 403: the group list is public anyway
    await ensure_member(session, group_id, user)
    query = select(Note).where(Note.group_id == group_id).order_by(Note.id)
    if pinned is not None:
        query = query.where(Note.pinned == pinned)
    return (await session.scalars(query)).all()


# === before
# async def list_group_notes(session: AsyncSession, group_id: int, user: User) -> Sequence[Note]:
#     await get_group(session, group_id)  # 404 before 403: the group list is public anyway
#     await ensure_member(session, group_id, user)
#     query = select(Note).where(Note.group_id == group_id).order_by(Note.id)
#     return (await session.scalars(query)).all()
# === starter
# async def list_group_notes(
#     session: AsyncSession, group_id: int, user: User, pinned: bool | None = None
# ) -> Sequence[Note]:
#     """The group's notes, oldest first; only the pinned (or the unpinned) ones if asked.
#
#     TODO(hw11): filter on Note.pinned when `pinned` is not None (the column comes with your
#     migration).
#     """
#     await get_group(session, group_id)  # 404 before 403: the group list is public anyway
#     await ensure_member(session, group_id, user)
#     query = select(Note).where(Note.group_id == group_id).order_by(Note.id)
#     return (await session.scalars(query)).all()
# <<<


# >>> from week 13
async def create_note(
    session: AsyncSession, group_id: int, user: User, data: NoteCreate, hub: GroupHub
) -> Note:
# === before
# async def create_note(session: AsyncSession, group_id: int, user: User, data: NoteCreate) -> Note:
# <<<
    await get_group(session, group_id)
    await ensure_member(session, group_id, user)
    now = datetime.now(UTC)  # one moment: a new note was last changed when it was written
    note = Note(
        **data.model_dump(), group_id=group_id, owner_id=user.id, created_at=now, updated_at=now
    )
    session.add(note)
    await session.commit()
    await session.refresh(note)
    # >>> homework hw12
    # After the commit: a listener who fetches the note when it hears of it finds it.
    hub.publish(group_id, note_event("note.created", note))
    # === starter
    # # TODO(hw12): the group's live listeners hear of the new note (services/note_events.py).
    # <<<
    return note


# >>> from week 13
async def update_note(
    session: AsyncSession, note_id: int, user: User, data: NoteUpdate, hub: GroupHub
) -> Note:
# === before
# async def update_note(session: AsyncSession, note_id: int, user: User, data: NoteUpdate) -> Note:
# <<<
    note = await note_to_change(session, note_id, user)
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(note, field, value)
    await session.commit()
    await session.refresh(note)
    # >>> homework hw12
    hub.publish(note.group_id, note_event("note.updated", note))
    # === starter
    # # TODO(hw12): the group's live listeners hear of the change.
    # <<<
    return note


# >>> from week 13
async def delete_note(session: AsyncSession, note_id: int, user: User, hub: GroupHub) -> None:
# === before
# async def delete_note(session: AsyncSession, note_id: int, user: User) -> None:
# <<<
    note = await note_to_change(session, note_id, user)
    await session.delete(note)
    await session.commit()
    # >>> homework hw12
    hub.publish(note.group_id, note_deleted_event(note_id))
    # === starter
    # # TODO(hw12): the group's live listeners hear that the note is gone.
    # <<<
