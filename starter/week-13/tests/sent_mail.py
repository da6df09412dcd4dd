"""The emails the app sent, as a real SMTP server received them.

In an in-process run the tests start that server themselves (aiosmtpd, on a free loopback
port, and the app's SMTP_PORT points at it). Against a running server, set
`COURSEHUB_TEST_MAILDIR` to the folder that server's mail ends up in (the autograder does).

Either way every message is a file `000001.eml`, `000002.eml`, ... in arrival order, written
before the SMTP server answers "250 OK": once the app has answered a request that sends
mail, the message is there, with no waiting.
"""

import email
import email.policy
import itertools
import os
import re
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path

import pytest

MAILDIR_VARIABLE = "COURSEHUB_TEST_MAILDIR"
# The token in a verification email's link: `.../verify?token=<token>`.
TOKEN_IN_LINK = re.compile(r"[?&]token=([A-Za-z0-9_-]+)")


class NumberedFiles:
    """An aiosmtpd handler: each message delivered becomes the next numbered file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        content: bytes = envelope.original_content  # type: ignore[attr-defined]
        with self.lock:
            name = f"{next(self.numbers):06d}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(content)
        partial.rename(self.folder / name)  # a reader never sees half a message
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    def __init__(self, folder: Path | None, port: int | None = None) -> None:
        self.folder = folder
        self.port = port  # the SMTP port of an in-process run

    def messages(self) -> list[EmailMessage]:
        if self.folder is None:
            pytest.skip(f"these tests read the app's email: set {MAILDIR_VARIABLE}")
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for path in sorted(self.folder.glob("[0-9]*.eml"))
        ]

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to `address` (any case), oldest first."""
        wanted = address.casefold()
        return [m for m in self.messages() if str(m["To"]).casefold() == wanted]

    def latest_token(self, address: str) -> str:
        """The token in the link of the last email sent to `address`."""
        sent = self.to(address)
        assert sent, f"no email was sent to {address}"
        found = TOKEN_IN_LINK.search(sent[-1].get_content())
        assert found, f"the email to {address} has no link with ?token=...: {sent[-1]}"
        return found[1]


@contextmanager
def smtp_server(folder: Path) -> Iterator[Mailbox]:
    """A real SMTP server on a free loopback port, writing what it receives into `folder`."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(NumberedFiles(folder), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Mailbox(folder, port)
    finally:
        controller.stop()


def live_mailbox() -> Mailbox:
    folder = os.environ.get(MAILDIR_VARIABLE)
    return Mailbox(Path(folder) if folder else None)
