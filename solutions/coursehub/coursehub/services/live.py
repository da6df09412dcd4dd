# >>> file from week 13
"""Who may listen to a group's events, and what an event says.

A WebSocket has no `Authorization` header a browser can set, so the client proves who it is in
its first message; the same rules as `GET /api/groups/{id}/notes` then decide whether it may
listen. What the events say is in `note_events.py`.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.config import Settings
from coursehub.core.errors import NotFoundError
from coursehub.models import User
from coursehub.services.auth import user_from_token
from coursehub.services.groups import get_group
from coursehub.services.notes import is_member


async def listener_for(
    session: AsyncSession, settings: Settings, group_id: int, token: str
) -> User:
    """The user the token belongs to, when they are a member of the group.

    Raises NotAuthenticatedError for a bad token, and NotFoundError both for a group that does
    not exist and for one the user is not in: an outsider learns nothing about the group."""
    user = await user_from_token(session, token, settings)
    # One answer for both: whether the group exists is not the listener's business.
    hidden = NotFoundError(f"Study group {group_id} does not exist, or you are not a member.")
    try:
        await get_group(session, group_id)
    except NotFoundError:
        raise hidden from None
    if not await is_member(session, group_id, user):
        raise hidden
    return user
