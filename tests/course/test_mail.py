"""`course serve` from week 9: the app's email reaches an SMTP server that prints it, so the
token of a user registered in class is on the terminal; `--no-mail` leaves the mail to the
person's own server."""

import contextlib
import io
import re
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller

from autograder.live.app import free_loopback_port
from course.mail import printing_mail_server
from course.serve import mail_environment
from courseware.paths import REPO_ROOT
from tests.support.commands import suite_environment

ACCOUNT = {"username": "frank", "email": "Frank@Example.edu", "password": "a long passphrase"}
TOKEN = re.compile(r"[?&]token=([A-Za-z0-9_-]+)")
STARTED = re.compile(r"SMTP server at 127\.0\.0\.1:(\d+)")


@contextlib.contextmanager
def served(week: str, log: Path, *options: str, **environment: str) -> Iterator[str]:
    """`course serve` as a person runs it, its output in `log`; the app's base URL once it
    answers. The process is ended however the block ends."""
    port = free_loopback_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "course.cli", "serve", week, "--port", str(port), *options],
            cwd=REPO_ROOT,
            env=suite_environment(PYTHONPATH=str(REPO_ROOT), **environment),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not answers(base_url):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no answer within 60 s:\n{log.read_text()}"
            time.sleep(0.2)
        yield base_url
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def answers(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_a_registered_users_email_is_printed_and_its_token_verifies(tmp_path) -> None:
    log = tmp_path / "serve.log"
    with served("week-09", log) as base_url:
        started = STARTED.search(log.read_text())
        assert started, f"no line says where mail goes:\n{log.read_text()}"
        registered = httpx.post(f"{base_url}/api/auth/register", json=ACCOUNT, timeout=30)
        assert registered.status_code == 201, registered.text
        # Printed before the SMTP server accepted it, so before the app answered.
        output = log.read_text()
        assert "From:    CourseHub <no-reply@coursehub.example>" in output
        assert "To:      frank@example.edu" in output
        assert "Subject: Confirm your CourseHub email address" in output
        token = TOKEN.search(output)
        assert token, f"no verification link in the output:\n{output}"
        assert f"\n    {token[1]}\n" in output, "the body is printed whole, token line too"
        verified = httpx.post(f"{base_url}/api/auth/verify", json={"token": token[1]}, timeout=30)
        assert verified.status_code == 200, verified.text
        assert verified.json()["verified_at"] is not None
    assert not accepts(int(started[1])), "the SMTP server outlived `course serve`"


class Kept:
    """The person's own SMTP server: it keeps what it is given."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:
        self.recipients += envelope.rcpt_tos  # type: ignore[attr-defined]
        return "250 OK"


def test_no_mail_leaves_the_mail_to_your_own_smtp_server(tmp_path) -> None:
    own = Kept()
    port = free_loopback_port()
    controller = Controller(own, hostname="127.0.0.1", port=port)
    controller.start()
    log = tmp_path / "serve.log"
    try:
        with served(
            "week-09", log, "--no-mail", SMTP_HOST="127.0.0.1", SMTP_PORT=str(port)
        ) as base_url:
            registered = httpx.post(f"{base_url}/api/auth/register", json=ACCOUNT, timeout=30)
            assert registered.status_code == 201, registered.text
    finally:
        controller.stop()
    assert own.recipients == ["frank@example.edu"]
    output = log.read_text()
    assert f"Mail goes to your SMTP server at 127.0.0.1:{port}" in output
    assert "Mail #" not in output and "printed here" not in output, output


def test_each_message_is_printed_with_its_headers_and_plain_text_body() -> None:
    output = io.StringIO()
    message = EmailMessage()
    message["From"] = "CourseHub <no-reply@coursehub.example>"
    message["To"] = "ada@example.edu"
    message["Subject"] = "Résumé received"
    message.set_content("Plain words for the terminal.\n")
    message.add_alternative("<p>Markup nobody should have to read.</p>", subtype="html")
    with printing_mail_server(output) as server, smtplib.SMTP(server.host, server.port) as smtp:
        smtp.send_message(message)
        smtp.send_message(message)
    printed = output.getvalue()
    assert printed.count("Subject: Résumé received\n") == 2
    assert "Mail #1," in printed and "Mail #2," in printed
    assert "From:    CourseHub <no-reply@coursehub.example>\nTo:      ada@example.edu\n" in printed
    assert "\nPlain words for the terminal.\n" in printed
    assert "Markup" not in printed


def test_a_week_that_sends_no_mail_gets_no_mail_server(capsys) -> None:
    with contextlib.ExitStack() as stack:
        assert mail_environment(8, True, stack) == {}
    assert capsys.readouterr().out == ""
