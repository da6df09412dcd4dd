"""A group's live socket, opened the same way whichever way the tests run.

In-process (plain `pytest`) the socket goes through the `TestClient` of conftest.py; against a
running server (`COURSEHUB_TEST_BASE_URL`, as the grader runs the tests) it is a real WebSocket
client, over the server's Unix socket or TCP. A test sees one small interface either way:
`send` a JSON message, `receive` the next one, and `Closed` when the server hangs up.

`receive` gives up after RECEIVE_SECONDS, so a missing event fails its test instead of hanging
it; that is a safety net, never a way to show that nothing was sent (how long is long enough
depends on the machine). To show that nothing was sent, do the thing that must stay silent,
then one that must be heard, and check that the next message is the second one.
"""

import json
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

BASE_URL = os.environ.get("COURSEHUB_TEST_BASE_URL")
# How long a message may take: far above what any answer needs, so that only a message that
# never comes runs out of it, never a slow machine.
RECEIVE_SECONDS = 30.0


class Closed(Exception):
    """The server closed the socket, with this close code and reason."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(f"the server closed the socket: {code} {reason!r}")
        self.code = code
        self.reason = reason


def no_message() -> str:
    return f"no message came from the server within {RECEIVE_SECONDS:g} s"


def parsed(data: str | bytes) -> Any:
    assert isinstance(data, str), "the server sent a binary message; events are JSON text"
    try:
        return json.loads(data)
    except ValueError:
        shown = data[:200]
        raise AssertionError(f"the server sent a message that is not JSON: {shown!r}") from None


class InProcessSocket:
    """A socket of the `TestClient` (starlette's `WebSocketTestSession`)."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def send(self, message: Any) -> None:
        self.session.send_text(json.dumps(message))

    def send_raw(self, data: str | bytes) -> None:
        if isinstance(data, bytes):
            self.session.send_bytes(data)
        else:
            self.session.send_text(data)

    def receive(self) -> Any:
        # The session's own receive waits without end; a thread of its own lets a test that
        # waits for an event the app never sends fail with a message instead of hanging.
        # A thread left waiting ends when the socket closes, at the end of the test.
        answer: queue.Queue[tuple[Any, BaseException | None]] = queue.Queue()

        def wait() -> None:
            try:
                answer.put((self.session.receive(), None))
            except BaseException as error:  # handed to the test's own thread
                answer.put((None, error))

        threading.Thread(target=wait, daemon=True).start()
        try:
            message, error = answer.get(timeout=RECEIVE_SECONDS)
        except queue.Empty:
            raise AssertionError(no_message()) from None
        if error is not None:
            raise error
        if message["type"] == "websocket.close":
            raise Closed(message.get("code", 1000), message.get("reason") or "")
        return parsed(message["text"] if message.get("text") is not None else message["bytes"])


class LiveSocket:
    """A real WebSocket connection (the `websockets` package's sync client)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @contextmanager
    def closed_as_raised(self) -> Iterator[None]:
        from websockets.exceptions import ConnectionClosed

        try:
            yield
        except ConnectionClosed as closed:
            frame = closed.rcvd  # None: the connection dropped without a close frame
            raise Closed(frame.code if frame else 1006, frame.reason if frame else "") from None

    def send(self, message: Any) -> None:
        self.send_raw(json.dumps(message))

    def send_raw(self, data: str | bytes) -> None:
        with self.closed_as_raised():
            self.connection.send(data)

    def receive(self) -> Any:
        with self.closed_as_raised():
            try:
                data = self.connection.recv(timeout=RECEIVE_SECONDS)
            except TimeoutError:
                raise AssertionError(no_message()) from None
        return parsed(data)


@contextmanager
def open_socket(client: Any, path: str) -> Iterator[InProcessSocket | LiveSocket]:
    """Connect to `path` (`/ws/groups/3`) of the app behind `client`; closed when the block ends."""
    if not BASE_URL:
        from starlette.websockets import WebSocketDisconnect

        with ExitStack() as stack:
            try:
                session = stack.enter_context(client.websocket_connect(path))
            except WebSocketDisconnect as refused:  # closed before it was accepted
                raise Closed(refused.code, refused.reason or "") from None
            yield InProcessSocket(session)
        return
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect, unix_connect

    try:
        if BASE_URL.startswith("unix:"):
            # The same Host as the HTTP client of conftest.py.
            opened = unix_connect(
                BASE_URL.removeprefix("unix:"),
                f"ws://testserver{path}",
                open_timeout=RECEIVE_SECONDS,
            )
        else:
            url = BASE_URL.rstrip("/").replace("http", "ws", 1) + path
            opened = connect(url, open_timeout=RECEIVE_SECONDS, proxy=None)
    except InvalidStatus as refused:
        status = refused.response.status_code
        raise AssertionError(f"the server refused to open {path}: HTTP {status}") from None
    with opened as connection:
        yield LiveSocket(connection)
