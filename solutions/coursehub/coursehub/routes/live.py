# >>> file from week 13
"""`WS /ws/groups/{group_id}`: a group's new, changed and deleted notes, as they happen.

The conversation, from the client's side:

1. connect, then send `{"type": "auth", "token": "<access token>"}` within AUTH_SECONDS;
2. receive `{"type": "ready", "group_id": N}`: from now on no event of the group is missed;
3. receive one JSON message per event: `note.created` and `note.updated` (with `note`, as
   the notes endpoints answer it) and `note.deleted` (with `note_id`).

The server closes with 4400 (no auth message in time, or not one), 4401 (a bad or expired
token), 4404 (no such group, or not a member; also when the user leaves the group) and 1013
(the client fell too far behind).
"""

import asyncio
import json

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from coursehub.core.errors import NotAuthenticatedError, NotFoundError
from coursehub.core.live import (
    BAD_HANDSHAKE,
    NOT_A_MEMBER,
    NOT_AUTHENTICATED,
    Closing,
    close_reason,
)
from coursehub.services.live import listener_for

router = APIRouter(tags=["live"])

# How long a connected client has to say who it is before the server hangs up.
AUTH_SECONDS = 10
HANDSHAKE_HELP = 'Send {"type": "auth", "token": "<access token>"} first.'


async def token_from_first_message(websocket: WebSocket) -> str | None:
    """The token of a well-formed auth message, or None for anything else."""
    try:
        text = await asyncio.wait_for(websocket.receive_text(), AUTH_SECONDS)
        message = json.loads(text)
    except (TimeoutError, ValueError, KeyError):  # late, not JSON, or a binary frame
        return None
    if not isinstance(message, dict) or message.get("type") != "auth":
        return None
    token = message.get("token")
    return token if isinstance(token, str) and token else None


async def wait_for_disconnect(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, until it goes away."""
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return


# >>> homework hw12
@router.websocket("/ws/groups/{group_id}")
async def group_events(websocket: WebSocket, group_id: int) -> None:
    state = websocket.app.state
    await websocket.accept()
    try:
        token = await token_from_first_message(websocket)
    except WebSocketDisconnect:
        return
    if token is None:
        await websocket.close(BAD_HANDSHAKE, HANDSHAKE_HELP)
        return
    try:
        # A session for the check only: a connection may stay open for hours.
        async with state.session_factory() as session:
            user = await listener_for(session, state.settings, group_id, token)
    except NotAuthenticatedError as error:
        await websocket.close(NOT_AUTHENTICATED, close_reason(error.detail))
        return
    except NotFoundError as error:
        await websocket.close(NOT_A_MEMBER, close_reason(error.detail))
        return

    # Listen before saying ready: an event published after "ready" reaches this client.
    listener = state.hub.listen(group_id, user.id)
    disconnected = asyncio.create_task(wait_for_disconnect(websocket))
    try:
        await websocket.send_json({"type": "ready", "group_id": group_id})
        while True:
            next_event = asyncio.create_task(listener.next())
            await asyncio.wait({next_event, disconnected}, return_when=asyncio.FIRST_COMPLETED)
            if disconnected.done():
                next_event.cancel()
                return
            event = next_event.result()
            if isinstance(event, Closing):
                await websocket.close(event.code, event.reason)
                return
            await websocket.send_json(event)
    except WebSocketDisconnect:
        return
    finally:
        state.hub.stop(listener)
        disconnected.cancel()


# === starter
# @router.websocket("/ws/groups/{group_id}")
# async def group_events(websocket: WebSocket, group_id: int) -> None:
#     """TODO(hw12): the conversation in this module's docstring.
#
#     Accept; read the token with `token_from_first_message` (None: close BAD_HANDSHAKE);
#     check it with `listener_for` in a session of `websocket.app.state.session_factory`
#     (NotAuthenticatedError: close NOT_AUTHENTICATED, NotFoundError: close NOT_A_MEMBER, with
#     `close_reason(error.detail)` as the reason); then `websocket.app.state.hub.listen(...)`, send
#     {"type": "ready", ...} and forward each event until the client goes away
#     (`wait_for_disconnect`) or a `Closing` arrives; `hub.stop(listener)` at the end.
#     """
#     await websocket.accept()
#     await websocket.close(1011, "Not written yet (HW12).")
# <<<
