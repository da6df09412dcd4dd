"""The submission's app as a live process in the sandbox, answering on a Unix socket.

The grader starts it on a fresh database with the sample data (a new SQLite file, or the
grade's PostgreSQL database made empty again), waits for `GET /health`, and restarts it when
a test leaves it hung or dead, so one bad endpoint costs one test.

Nothing the app can write is ever followed by the grader: the grader creates the listening
socket in a folder of its own and hands the app only its file descriptor (`uvicorn --fd`), and
each start gets a new, empty work folder, so nothing the app left there (a log of the requests
it saw, a link) outlives the start that made it.
"""

import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.live import forkserver
from autograder.live.startup import startup_failure
from autograder.live.starvation import run_queue_waits, starved, waited_between
from autograder.results.model import DID_NOT_START
from autograder.sandbox import Limits, Sandbox, SandboxedProcess, hex_folder

# What uvicorn serves unless the config names another app (`course fuzz --app`, an
# assignment's `app`): the one default, which the fork server keeps (it imports nothing of ours).
APP = forkserver.APP


def listening_socket(path: Path) -> socket.socket:
    """The app's listening socket, made by the grader in its own folder."""
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    path.chmod(0o666)  # the student's own tests connect to it too (HW1)
    listener.listen(128)
    return listener


def loopback_socket() -> socket.socket:
    """A listening TCP socket on 127.0.0.1 of the grader's own network: the app in the
    sandbox (which has no network) accepts on it, and HTTP clients that know no Unix socket
    (a fuzzer) reach it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    return listener


def free_loopback_port() -> int:
    with loopback_socket() as probe:
        return probe.getsockname()[1]


def answers_on_port(base_url: str, path: str, timeout: float = 3) -> bool:
    import httpx

    try:
        return httpx.get(f"{base_url}{path}", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def answers_health(socket_path: Path, timeout: float = 3) -> bool:
    """Whether an app answers `GET /health` with 200 on `socket_path`."""
    # Imported here: the grader's pytest launches the app first, before this is needed.
    import httpx

    if not socket_path.exists():
        return False
    try:
        # A Unix socket carries plain HTTP: no certificate bundle to load at every poll.
        transport = httpx.HTTPTransport(uds=str(socket_path), verify=False)
        with httpx.Client(
            transport=transport, base_url="http://testserver", timeout=timeout
        ) as client:
            return client.get("/health").status_code == 200
    except httpx.HTTPError:
        return False


class LiveApp:
    def __init__(
        self, config: dict[str, Any], on_launch: Callable[[Path], None] | None = None
    ) -> None:
        self.config = config
        # Told the new database's path at every start, retries of a boot included.
        self.on_launch = on_launch
        self.work_root = Path(config["work_root"])
        self.socket_path = Path(config["socket"])
        self.work = self.work_root  # replaced by a fresh folder at every launch
        # With `"listen": "tcp"` the app answers on a loopback port instead of the socket, and
        # is ready when `ready_path` answers 200.
        self.base_url: str | None = None
        self.process: SandboxedProcess | None = None
        self.launched_at = 0.0
        self.ready = False
        self.startup_error: str | None = None
        self.served_tests = False  # set by the plugin when the first test begins
        self.boot_retried = False
        self.boot_waits: dict[int, float] = {}
        # The last failed boot was still running at its deadline though it had processors.
        self.boot_hung_by_itself = False

    @property
    def database(self) -> Path:
        """Where the running app writes its database (a path the app controls: read it only
        through `copy_live_database` of the suite's conftest)."""
        return self.work / "app.db"

    def sandbox(self) -> Sandbox:
        return Sandbox(
            submission=Path(self.config["submission"]),
            work=self.work,
            limits=Limits(**self.config["limits"]),
            uid=self.config["uid"],
            extra_ro=tuple((Path(a), b) for a, b in self.config.get("extra_ro", [])),
        )

    def start(self) -> bool:
        self.launch()
        return self.wait_ready()

    def launch(self) -> None:
        """Start the app without waiting for it (it boots while pytest collects the suite)."""
        self.startup_error = None
        self.work = hex_folder(self.work_root, "run-")
        sandbox = self.sandbox()
        inside_work = sandbox.inside("work")
        env = dict(self.config["app_env"])
        if postgres := self.config.get("postgres"):
            from autograder.live.postgres import GradingDatabase, reset

            # Empty again at every start, as a new SQLite file would be.
            reset(GradingDatabase(**postgres["database"]))
            env["DATABASE_URL"] = postgres["app_url"]
        else:
            env["DATABASE_URL"] = f"sqlite+aiosqlite:///{inside_work}/app.db"
        if self.config.get("listen") == "tcp":
            listener = loopback_socket()
            self.base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        else:
            listener = listening_socket(self.socket_path)
        try:
            argv = [
                self.config["python"], "-m", "uvicorn", self.config.get("app", APP),
                "--fd", str(listener.fileno()), "--no-access-log", "--log-level", "warning",
            ]  # fmt: skip
            if mail := self.config.get("mail"):
                # A port of its own at every start: a relay of an earlier start may linger
                # where there is no sandbox to take it down.
                port = free_loopback_port()
                env["SMTP_HOST"], env["SMTP_PORT"] = "127.0.0.1", str(port)
                relay = [mail["relay_inside"], mail["socket_inside"], str(port), "--"]
                argv = [self.config["python"], *relay, *argv]
            self.process = sandbox.start(
                argv, env, cwd=sandbox.inside("submission"), pass_fds=(listener.fileno(),)
            )
        finally:
            listener.close()  # the app holds it now
        self.launched_at = time.monotonic()
        self.boot_waits = run_queue_waits(self.group)
        if self.on_launch:
            self.on_launch(self.database)

    def wait_ready(self) -> bool:
        """Wait for `GET /health`. A boot before any test that dies without a word, or runs
        out of time while the machine keeps it from a processor, is tried once more on a
        fresh work folder: a start can fail for the machine's reasons, and a start that fails
        twice is the app's. A boot that hangs with processors free (an import that sleeps)
        would hang again: it is not tried twice."""
        if self._wait_once():
            return True
        assert self.process is not None
        code = self.process.process.returncode
        # An app that exits with a traceback (a syntax error, a failed import) does so again.
        said_why = code is not None and code > 0 and self.process.output.text().strip()
        if self.served_tests or self.boot_retried or said_why or self.boot_hung_by_itself:
            return False
        self.boot_retried = True
        self.launch()  # clears the start-up error
        return self._wait_once()

    def _wait_once(self) -> bool:
        assert self.process is not None
        deadline = self.launched_at + float(self.config["startup_seconds"])
        while time.monotonic() < deadline:
            if not self.process.alive():
                break
            if self.healthy(timeout=2):
                return True
            time.sleep(0.1)
        exited = not self.process.alive()
        waited = waited_between(self.boot_waits, run_queue_waits(self.group))
        limit = float(self.config["startup_seconds"])
        self.boot_hung_by_itself = not exited and not starved(waited, limit)
        self.process.kill()
        code = self.process.process.returncode
        if not exited or code is None:
            reason = f"it did not answer GET /health within {self.config['startup_seconds']} s"
        elif code < 0:
            reason = f"it was stopped by signal {-code} before answering"
        else:
            reason = f"it stopped before answering (exit status {code})"
        engine = "PostgreSQL" if self.config.get("postgres") else "SQLite"
        ran = (
            f"We ran `uvicorn {self.config.get('app', APP)}` in your repository on a fresh "
            f"{engine} database with the sample data."
        )
        self.startup_error = f"{DID_NOT_START}: {reason}. {ran}"
        if not self.served_tests:
            # Only the output of a boot before the first test is shown: it holds nothing of
            # the hidden suite. Later boots may print what earlier tests sent.
            output = self.process.output.text(timeout=30)
            failure = startup_failure(output, self.sandbox().inside("submission"))
            if failure.sentence:
                self.startup_error = f"{DID_NOT_START}: {failure.sentence}. {ran}"
            self.startup_error += "\n" + failure.block
        return False

    @property
    def group(self) -> int | None:
        """The root of the app's processes (its sandbox, which holds everything it starts),
        while it runs; also its process group, which `SandboxedProcess.kill` ends."""
        return self.process.process.pid if self.process and self.process.alive() else None

    def healthy(self, timeout: float = 3) -> bool:
        if self.base_url:
            return answers_on_port(self.base_url, self.config.get("ready_path", "/health"), timeout)
        return answers_health(self.socket_path, timeout)

    def restart(self) -> None:
        if self.process:
            self.process.kill()
        self.start()

    def stop(self) -> None:
        if self.process:
            self.process.kill()
        self.socket_path.unlink(missing_ok=True)
