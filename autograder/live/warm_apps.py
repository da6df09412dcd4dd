"""The grader's side of `autograder.live.forkserver`: one sandbox per HW1 grade in which the
working app and every copy with a planted bug start as forks of one warm interpreter.

Only our own apps start this way (a HW1 submission is tests, never an app): the student's
tests still run in a sandbox of their own for every run, and talk to an app only through the
socket of that run. Each start keeps what a cold start had: a new, empty work folder with its
own database, its own listening socket, its own process group, the app's limits and uid.
"""

import contextlib
import itertools
import json
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.live import forkserver
from autograder.live.app import answers_health, listening_socket
from autograder.live.mail import mail_server
from autograder.sandbox import MOUNT_ROOT, Limits, Sandbox, SandboxedProcess, hex_folder
from courseware.errors import CourseError

# How long the server may take to import the reference app before the grade gives up on it.
PRELOAD_SECONDS = 60
SERVER_INSIDE = f"{MOUNT_ROOT}/forkserver.py"


@dataclass
class WarmApp:
    """One start of an app: what `run_student_tests` needs of it (the `LiveApp` shape)."""

    server: "AppForkServer"
    start_id: int
    app_dir: Path
    socket_path: Path
    work: Path
    startup_seconds: float
    listener: socket.socket  # handed to the app at launch
    # Where this start's email lands (its own folder, which the tests of this run read), and
    # its mail server, for an app that sends email; None otherwise.
    mail_folder: Path | None = None
    mail_socket_inside: str | None = None
    services: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    startup_error: str | None = None
    launched_at: float = 0.0

    def launch(self) -> None:
        self.server.launch(self)
        self.launched_at = time.monotonic()

    def wait_ready(self) -> bool:
        deadline = self.launched_at + self.startup_seconds
        while time.monotonic() < deadline:
            if answers_health(self.socket_path, timeout=2):
                return True
            time.sleep(0.05)
        log = self.work / "output.log"
        output = log.read_text(errors="replace")[-4000:] if log.is_file() else ""
        self.startup_error = (
            f"it did not answer GET /health within {self.startup_seconds:g} s:\n{output}"
        )
        return False

    def stop(self) -> None:
        self.listener.close()  # if it was never launched
        self.server.stop(self.start_id)
        self.socket_path.unlink(missing_ok=True)
        self.services.close()  # the mail server, after the app that sent to it


class AppForkServer:
    """Use as a context manager: the sandbox (and every app in it) ends with the block."""

    def __init__(
        self,
        reference: Path,
        apps: Path,
        runs: Path,
        sockets: Path,
        limits: Limits,
        uid: int,
        app_env: dict[str, str],
        extra_ro: tuple[tuple[Path, str], ...],
        python: str,
        startup_seconds: float,
        mail: dict | None = None,
        mail_runs: Path | None = None,
        app: str = forkserver.APP,
    ) -> None:
        """`mail` is the grade's mail configuration (`mail_config` of live_suite: its socket
        folder and relay are in `extra_ro`); each start then gets a mail server of its own,
        writing to a new folder under `mail_runs`."""
        self.apps, self.runs, self.sockets = apps, runs, sockets
        self.mail, self.mail_runs = mail, mail_runs
        self.startup_seconds = startup_seconds
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        server_file = Path(forkserver.__file__)
        self.sandbox = Sandbox(
            apps, runs, limits, uid, extra_ro=((server_file, SERVER_INSIDE), *extra_ro)
        )
        self._control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        program = SERVER_INSIDE if self.sandbox.isolated else str(server_file)
        inside_reference = self._inside_apps(reference)
        preload_work = self._inside_runs(self._new_run_folder())
        env = app_env | {"DATABASE_URL": f"sqlite+aiosqlite:///{preload_work}/never-used.db"}
        try:
            self.process: SandboxedProcess = self.sandbox.start(
                [python, program, str(theirs.fileno()), inside_reference, app],
                env,
                cwd=self.sandbox.inside("work"),
                pass_fds=(theirs.fileno(),),
            )
        finally:
            theirs.close()
        self._loaded = False  # the server imports while the first tests' interpreters start

    def wait_loaded(self) -> None:
        """Until the server has imported the reference (the first request waits for it)."""
        with self._lock:
            self._wait_loaded()

    def _wait_loaded(self) -> None:
        """Called with the lock held, before the first request."""
        if self._loaded:
            return
        self._control.settimeout(PRELOAD_SECONDS)
        try:
            ready = self._control.recv(4096)
        except TimeoutError:
            ready = b""
        if not ready:
            self.process.kill()
            raise CourseError(
                f"the reference app could not be loaded for HW1:\n{self.process.output.text()}"
            )
        self._control.settimeout(None)
        self._loaded = True

    def __enter__(self) -> "AppForkServer":
        return self

    def __exit__(self, *_: object) -> None:
        self.process.kill()
        self._control.close()

    def _inside_apps(self, path: Path) -> str:
        return f"{self.sandbox.inside('submission')}/{path.relative_to(self.apps)}"

    def _inside_runs(self, path: Path) -> str:
        return f"{self.sandbox.inside('work')}/{path.relative_to(self.runs)}"

    def _new_run_folder(self) -> Path:
        folder = hex_folder(self.runs, "run-")
        folder.chmod(0o777)  # the app's uid writes its database here
        return folder

    def _ask(self, message: dict, fds: list[int] | None = None) -> dict:
        with self._lock:
            self._wait_loaded()
            socket.send_fds(self._control, [json.dumps(message).encode()], fds or [])
            reply = self._control.recv(4096)
        if not reply:
            raise CourseError(f"the app server stopped:\n{self.process.output.text()}")
        return json.loads(reply)

    def prepare(self, app_dir: Path) -> WarmApp:
        """A start of the app in `app_dir` (a folder under `apps`): its work folder and socket
        exist, so its tests can be started; `WarmApp.launch` then starts the app."""
        start_id = next(self._ids)  # not under the lock, which a first start holds while
        # the server is still importing: the next run's tests may start meanwhile
        work = self._new_run_folder()
        socket_path = self.sockets / f"app-{secrets.token_hex(8)}.sock"
        # Made now: the tests' sandbox binds the socket's path when it starts.
        listener = listening_socket(socket_path)
        app = WarmApp(self, start_id, app_dir, socket_path, work, self.startup_seconds, listener)
        if self.mail and self.mail_runs:
            name = f"mail-{secrets.token_hex(8)}.sock"
            app.mail_socket_inside = f"{Path(self.mail['socket_inside']).parent}/{name}"
            app.mail_folder = hex_folder(self.mail_runs, "mail-")
            app.mail_folder.chmod(0o755)  # the tests of this run read it
            mail_socket = Path(self.mail["socket"]).parent / name
            app.services.enter_context(mail_server(mail_socket, app.mail_folder))
        return app

    def launch(self, app: WarmApp) -> None:
        listener = app.listener
        try:
            mail = None
            if self.mail and app.mail_socket_inside:
                mail = {"relay": self.mail["relay_inside"], "socket": app.mail_socket_inside}
            request = {
                "start": app.start_id,
                "app": self._inside_apps(app.app_dir),
                "work": self._inside_runs(app.work),
                "mail": mail,
            }
            self._ask(request, [listener.fileno()])
        finally:
            listener.close()  # the app holds it now

    def stop(self, start_id: int) -> None:
        self._ask({"stop": start_id})
