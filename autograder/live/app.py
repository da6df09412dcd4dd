"""The submission's app as a live process in the sandbox, answering on a Unix socket.

The grader starts it on a fresh SQLite database with the sample data, waits for `GET /health`,
and restarts it when a test leaves it hung or dead, so one bad endpoint costs one test.
"""

import time
from pathlib import Path
from typing import Any

import httpx

from autograder.sandbox import Limits, Sandbox, SandboxedProcess


class LiveApp:
    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.work = Path(config["work"])
        self.socket = self.work / "app.sock"
        self.sandbox = Sandbox(
            submission=Path(config["submission"]),
            work=self.work,
            limits=Limits(**config["limits"]),
            slot=config.get("slot", 0),
            extra_ro=tuple((Path(a), b) for a, b in config.get("extra_ro", [])),
        )
        self.process: SandboxedProcess | None = None
        self.launched_at = 0.0
        self.ready = False
        self.startup_error: str | None = None
        self.restarts = 0

    def start(self) -> bool:
        self.launch()
        return self.wait_ready()

    def launch(self) -> None:
        """Start the app without waiting for it (it boots while pytest collects the suite)."""
        self.socket.unlink(missing_ok=True)
        self.startup_error = None
        inside_work = self.sandbox.inside("work")
        env = {key: value for key, value in self.config["app_env"].items()}
        env["DATABASE_URL"] = f"sqlite+aiosqlite:///{inside_work}/app.db"
        argv = [
            self.config["python"], "-m", "uvicorn", "coursehub.main:app",
            "--uds", f"{inside_work}/app.sock", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        self.process = self.sandbox.start(argv, env, cwd=self.sandbox.inside("submission"))
        self.launched_at = time.monotonic()

    def wait_ready(self) -> bool:
        assert self.process is not None
        deadline = self.launched_at + float(self.config["startup_seconds"])
        while time.monotonic() < deadline:
            if not self.process.alive():
                break
            if self.healthy(timeout=2):
                return True
            time.sleep(0.1)
        self.process.kill()
        output = self.process.output.text().strip()
        reason = (
            "it stopped before answering" if self.process.process.returncode is not None else
            f"it did not answer GET /health within {self.config['startup_seconds']} s"
        )  # fmt: skip
        tail = "\n".join(output.splitlines()[-25:])
        self.startup_error = (
            f"Your app did not start: {reason}. We ran `uvicorn coursehub.main:app` in your "
            f"repository on a fresh SQLite database with the sample data.\n{tail}"
        ).strip()
        return False

    def healthy(self, timeout: float = 3) -> bool:
        if not self.socket.exists():
            return False
        try:
            transport = httpx.HTTPTransport(uds=str(self.socket))
            with httpx.Client(transport=transport, base_url="http://app", timeout=timeout) as c:
                return c.get("/health").status_code == 200
        except httpx.HTTPError:
            return False

    def restart(self) -> None:
        if self.process:
            self.process.kill()
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process:
            self.process.kill()
        self.socket.unlink(missing_ok=True)
