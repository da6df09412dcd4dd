"""A group's events, from the request that caused them to every member listening live.

The hub lives in one process (`app.state.hub`), so it reaches the sockets that process holds:
run one worker per container and more containers behind the load balancer only with a broker
between them (PostgreSQL's LISTEN/NOTIFY, Redis). Each listener has a bounded queue: a client
that stops reading is disconnected instead of making the server buffer without limit.
"""

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

# Events one listener may have waiting before it counts as too slow to keep up.
QUEUE_SIZE = 100
# Close codes of the 4000-4999 range, which RFC 6455 leaves to applications; they mirror the
# HTTP statuses a request would get.
NOT_AUTHENTICATED = 4401
NOT_A_MEMBER = 4404
BAD_HANDSHAKE = 4400
# 1013 "try again later" is the standard code for a server that sheds a client.
TOO_SLOW = 1013

# RFC 6455 allows a close reason of at most 123 bytes.
MAX_REASON_BYTES = 123

Event = dict[str, Any]


def close_reason(text: str) -> str:
    """`text`, cut to what fits in a close frame."""
    return text.encode()[:MAX_REASON_BYTES].decode(errors="ignore")


@dataclass(frozen=True)
class Closing:
    """What a listener gets instead of an event when the server ends its connection."""

    code: int
    reason: str


@dataclass(eq=False)
class Listener:
    group_id: int
    user_id: int
    queue: asyncio.Queue[Event | Closing] = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def close(self, closing: Closing) -> None:
        """Replace whatever is waiting with the closing: it is the last thing this client gets."""
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(closing)

    async def next(self) -> Event | Closing:
        return await self.queue.get()


class GroupHub:
    def __init__(self) -> None:
        self._listeners: defaultdict[int, set[Listener]] = defaultdict(set)

    def listen(self, group_id: int, user_id: int) -> Listener:
        listener = Listener(group_id, user_id)
        self._listeners[group_id].add(listener)
        return listener

    def stop(self, listener: Listener) -> None:
        listeners = self._listeners.get(listener.group_id)
        if listeners is not None:
            listeners.discard(listener)
            if not listeners:
                del self._listeners[listener.group_id]

    def listener_count(self, group_id: int) -> int:
        return len(self._listeners.get(group_id, ()))

    def publish(self, group_id: int, event: Event) -> None:
        """Hand the event to every listener of the group, now, without waiting for any."""
        for listener in list(self._listeners.get(group_id, ())):
            try:
                listener.queue.put_nowait(event)
            except asyncio.QueueFull:
                listener.close(Closing(TOO_SLOW, "Too many events waiting: reconnect."))
                self.stop(listener)

    def disconnect_user(self, group_id: int, user_id: int, reason: str) -> None:
        """End a user's connections to a group, for example when they leave it."""
        for listener in list(self._listeners.get(group_id, ())):
            if listener.user_id == user_id:
                listener.close(Closing(NOT_A_MEMBER, reason))
                self.stop(listener)
