"""The grader's SMTP server, for apps that send email (week 9 on).

It listens on a Unix socket that the sandbox can reach (through `smtp_relay.py`, which gives
the app a TCP port inside the sandbox), and writes each message it receives as the next
numbered file, `000001.eml`, ..., in a folder only the grader can read. That is the folder
format of the course app's `tests/sent_mail.py`: the suites read the mail with
`COURSEHUB_TEST_MAILDIR` pointing there. A message is on disk before the server answers
"250 OK", so once the app has answered a request that sends mail, the message is there.
"""

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RELAY_SCRIPT = Path(__file__).with_name("smtp_relay.py")


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
        partial.rename(self.folder / name)
        return "250 OK"


@contextmanager
def mail_server(unix_socket: Path, folder: Path) -> Iterator[None]:
    """A real SMTP server on `unix_socket` (reachable by the app's uid), for as long as the
    block runs."""
    from aiosmtpd.controller import UnixSocketController

    unix_socket.unlink(missing_ok=True)
    controller = UnixSocketController(NumberedFiles(folder), unix_socket=str(unix_socket))
    controller.start()
    unix_socket.chmod(0o666)
    try:
        yield
    finally:
        controller.stop()
