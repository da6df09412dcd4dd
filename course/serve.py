"""`course serve week-NN` (or `conduit`): run one week's app, or the capstone's complete
reference, on a fresh SQLite database with sample data.

The app runs as a child process in a session of its own, from a temporary folder that holds
the rendered week and its database. However `course serve` is asked to stop (Ctrl+C, SIGTERM
from `kill` or a process manager, SIGHUP when its terminal goes away), it stops the app's
whole process group, waits for it and removes the folder, and exits 0. Without its own
session the app would get a terminal's Ctrl+C twice (from the terminal and from us), and
without the handlers a SIGTERM would end `course` alone, leaving the app serving.

From week 9 the app sends email. Unless told `--no-mail`, `course serve` then runs an SMTP
server of its own for the app and prints every message it receives (`course.mail`), so the
verification token of a user registered in class is on the terminal; the server stops after
the app, so a message the app is still sending is not cut off.

`conduit` is `solutions/conduit` as it stands (served in place, so `--reload` follows edits
to it); only its database lives in the temporary folder. The weeks of the capstone (14, 15)
are rendered from it like every other week, and run as the package their folder holds.
"""

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from course.mail import printing_mail_server
from courseware.errors import CourseError
from courseware.paths import CONDUIT_DIR
from courseware.render import render_week, sends_mail, starter_path
from courseware.term import STARTER_WEEKS, app_of_week, week_id

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
# How long uvicorn may take to shut down (finish requests, close the database) before it is
# killed.
GRACE_SECONDS = 10.0


class Stopped(Exception):
    """SIGTERM or SIGHUP arrived: unwind as Ctrl+C does."""


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Stopped` (once: a second one must not cut the cleanup short)."""
    received: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        if not received:
            received.append(signum)
            raise Stopped(signal.Signals(signum).name)

    previous = {number: signal.signal(number, stop) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def signal_group(process: subprocess.Popen[bytes], number: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, number)


def stop_app(process: subprocess.Popen[bytes]) -> None:
    """End the app and anything it started: SIGTERM (uvicorn's graceful shutdown), SIGKILL
    when it is still there after GRACE_SECONDS or a second Ctrl+C."""
    try:
        if process.poll() is None:
            signal_group(process, signal.SIGTERM)
            process.wait(timeout=GRACE_SECONDS)
    except (KeyboardInterrupt, Stopped, subprocess.TimeoutExpired):
        signal_group(process, signal.SIGKILL)
        process.wait()
    signal_group(process, signal.SIGKILL)  # a worker the app left behind (--reload)


def app_folder(week: int | None, starter: bool, scratch: Path) -> Path:
    if week is None:
        if starter:
            raise CourseError(
                "conduit is the capstone's complete reference; its starters are week-14 and "
                "week-15 (course serve week-14 --starter)"
            )
        if not CONDUIT_DIR.is_dir():
            raise CourseError(f"the capstone's reference is missing: {CONDUIT_DIR} is not a folder")
        return CONDUIT_DIR
    if not starter:
        return render_week(week, "reference", scratch / "app")
    folder = starter_path(week)
    if week not in STARTER_WEEKS or not folder.is_dir():
        raise CourseError(
            f"{week_id(week)} has no starter yet (weeks with one: "
            f"{', '.join(week_id(w) for w in STARTER_WEEKS)})"
        )
    return folder


def mail_environment(week: int | None, mail: bool, stack: contextlib.ExitStack) -> dict[str, str]:
    """Where the app's email goes, said in one line: to our printing SMTP server (kept
    running by `stack`), to the person's own (`--no-mail`), or nowhere before week 9 (and
    nowhere from Conduit, which sends none)."""
    if week is None or not sends_mail(week):
        return {}
    if not mail:
        host = os.environ.get("SMTP_HOST", "127.0.0.1")
        port = os.environ.get("SMTP_PORT", "8025")
        print(f"Mail goes to your SMTP server at {host}:{port} (SMTP_HOST, SMTP_PORT)", flush=True)
        return {}
    server = stack.enter_context(printing_mail_server())
    print(
        f"Mail the app sends is printed here (SMTP server at {server.host}:{server.port}; "
        "--no-mail to use your own)",
        flush=True,
    )
    return server.environment()


def described(week: int | None, starter: bool) -> str:
    if week is None:
        return "the capstone's complete reference (Conduit)"
    return f"the {'starter' if starter else 'reference'} of {week_id(week)}"


def run_app(week: int | None, starter: bool, options: list[str], mail: bool) -> int:
    """Serve the week (None: Conduit's complete reference) until the app ends (its exit
    status) or `course` is stopped."""
    package = "conduit" if week is None else app_of_week(week)
    prefix = f"{package}-" if week is None else f"{package}-{week_id(week)}-"
    with (
        tempfile.TemporaryDirectory(prefix=prefix) as scratch,
        contextlib.ExitStack() as stack,
    ):
        folder = app_folder(week, starter, Path(scratch))
        environment = os.environ | {
            "DATABASE_URL": f"sqlite+aiosqlite:///{Path(scratch) / f'{package}.db'}",
            "SEED_SAMPLE_DATA": "true",
            # Keep __pycache__ out of the committed starter folders.
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        print(f"Serving {described(week, starter)} from {folder}", flush=True)
        environment |= mail_environment(week, mail, stack)
        command = [sys.executable, "-m", package, *options]
        process = subprocess.Popen(command, cwd=folder, env=environment, start_new_session=True)
        try:
            return process.wait()
        finally:
            stop_app(process)


def serve(
    week: int | None,
    *,
    starter: bool,
    host: str,
    port: int,
    uds: str | None,
    reload: bool,
    mail: bool,
) -> int:
    options = ["--host", host, "--port", str(port)]
    if uds:
        options += ["--uds", uds]
    if reload:
        options.append("--reload")
    with stop_signals():
        try:
            return run_app(week, starter, options, mail)
        except (KeyboardInterrupt, Stopped):
            return 0
