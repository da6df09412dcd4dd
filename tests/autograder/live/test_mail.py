"""An app that sends email is graded with a real SMTP server: the app, in a sandbox with no
network, sends to 127.0.0.1 as it would at home, and the message reaches the grader's folder
(and only the grader's)."""

import dataclasses
import email
import email.policy
import tempfile
from pathlib import Path

import httpx

from autograder.grading.context import RunContext
from autograder.grading.live_suite import app_config
from autograder.live.app import LiveApp
from autograder.live.mail import mail_server
from autograder.spec import load_assignment
from autograder.submission import safe_copy
from autograder.uids import leased_uids
from tests.support.markers import needs_bubblewrap

pytestmark = needs_bubblewrap

ACCOUNT = {"username": "mallory", "email": "Mallory@Example.edu", "password": "x" * 16}


def test_a_week_9_app_sends_its_verification_email_to_the_grader(reference_of) -> None:
    assignment = dataclasses.replace(load_assignment("hw05"), week=9)
    with tempfile.TemporaryDirectory(prefix="coursehub-") as scratch, leased_uids(2) as uids:
        work = Path(scratch)
        work.chmod(0o755)
        copy = safe_copy(reference_of(9), work / "submission")
        context = RunContext(assignment, copy.root, work, [], uids[0], uids[1], seed=1)
        config = app_config(context, copy.root, uids[0])
        mail = config["mail"]
        folder = Path(mail["folder"])
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700)  # the app cannot read it
        with mail_server(Path(mail["socket"]), folder):
            app = LiveApp(config)
            try:
                assert app.start(), app.startup_error
                transport = httpx.HTTPTransport(uds=config["socket"])
                with httpx.Client(transport=transport, base_url="http://testserver") as client:
                    answer = client.post("/api/auth/register", json=ACCOUNT)
                assert answer.status_code == 201, answer.text
            finally:
                app.stop()
        delivered = sorted(folder.glob("*.eml"))
        assert [path.name for path in delivered] == ["000001.eml"]
        message = email.message_from_bytes(delivered[0].read_bytes(), policy=email.policy.default)
        assert message["To"] == "mallory@example.edu"
        assert "token=" in message.get_content()
