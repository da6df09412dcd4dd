"""Sending email over SMTP.

`smtplib` blocks while it talks to the server, so every message is sent from a worker thread:
a slow mail server must not stop the event loop from answering other requests.
"""

import asyncio
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from coursehub.core.config import Settings


class MailError(Exception):
    """The mail server could not be reached or refused the message."""


class Mailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.settings.mail_from
        message["To"] = to  # an address the schema validated: no line breaks, no second address
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain="coursehub.example")
        message.set_content(body)
        try:
            await asyncio.to_thread(self._deliver, message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(
                f"the mail server {self.settings.smtp_host}:{self.settings.smtp_port} did not "
                f"take the message ({type(error).__name__})"
            ) from error

    def _deliver(self, message: EmailMessage) -> None:
        settings = self.settings
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
