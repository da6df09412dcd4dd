"""The SMTP server `course serve` runs for a week whose app sends email (week 9 on).

In class nobody has a mail account the app could write to, yet registering sends a
verification link and the token in it is the next step of the demo. So the app's mail goes to
a real SMTP server (aiosmtpd) on a free loopback port, and each message is printed on the
terminal as it arrives, before the server answers "250 OK": once the app has answered the
request that sent it, the message is on the screen.
"""

import contextlib
import email
import email.policy
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import TextIO

from autograder.live.app import free_loopback_port
from courseware.errors import CourseError

HOST = "127.0.0.1"
RULE = "-" * 72


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int

    def environment(self) -> dict[str, str]:
        """What the app reads to send its mail here (`coursehub/core/config.py`)."""
        # No TLS and no login: the person's own SMTP settings are for their own server.
        return {
            "SMTP_HOST": self.host,
            "SMTP_PORT": str(self.port),
            "SMTP_STARTTLS": "false",
            "SMTP_USERNAME": "",
        }


def message_text(message: EmailMessage) -> str:
    """The plain-text body, which is where the app puts the link and the token."""
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        return "(no plain-text part)\n"
    # A part of a multipart message keeps the wire's CRLF line ends; the terminal wants LF.
    return "".join(f"{line}\n" for line in body.get_content().splitlines())


def printed(content: bytes, number: int, received: datetime) -> str:
    """One message as it appears on the terminal: a rule, the headers a reader looks for,
    the body, a rule."""
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # what the default policy makes
    return (
        f"{RULE}\nMail #{number}, received {received:%H:%M:%S}\n"
        f"From:    {message['From']}\nTo:      {message['To']}\n"
        f"Subject: {message['Subject']}\n\n{message_text(message)}{RULE}\n"
    )


class PrintedMail:
    """An aiosmtpd handler: each message delivered is printed, whole, in arrival order."""

    def __init__(self, output: TextIO) -> None:
        self.output = output
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        content: bytes = envelope.original_content  # type: ignore[attr-defined]
        with self.lock:
            self.count += 1
            # One write: the app's log lines share the terminal and must not land inside it.
            self.output.write(printed(content, self.count, datetime.now()))
            self.output.flush()
        return "250 OK"


@contextlib.contextmanager
def printing_mail_server(output: TextIO = sys.stdout) -> Iterator[MailServer]:
    """A real SMTP server on a free loopback port, printing what it receives to `output`,
    for as long as the block runs."""
    from aiosmtpd.controller import Controller

    server = MailServer(HOST, free_loopback_port())
    controller = Controller(PrintedMail(output), hostname=server.host, port=server.port)
    try:
        controller.start()
    except (OSError, TimeoutError) as error:
        raise CourseError(
            f"the mail server could not start on {server.host}:{server.port} ({error}); "
            "run `course serve` again, or pass --no-mail and run your own SMTP server"
        ) from error
    try:
        yield server
    finally:
        controller.stop()
