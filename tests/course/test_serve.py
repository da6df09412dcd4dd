"""`course serve`: however it is stopped, the app stops with it and its folder is gone."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from courseware.paths import REPO_ROOT
from tests.support.commands import run_course, suite_environment

# Ctrl+C in a terminal is SIGINT; a process manager or `kill` sends SIGTERM; closing the
# terminal sends SIGHUP. All three end the same way.
STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def children_of(pid: int) -> set[int]:
    """Every running process below `pid` (zombies, which serve nothing, left out)."""
    below: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            below.setdefault(int(fields[1]), []).append(int(entry.name))
    found, pending = set(), [pid]
    while pending:
        for child in below.get(pending.pop(), []):
            found.add(child)
            pending.append(child)
    return found


def running(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass(frozen=True)
class Served:
    server: subprocess.Popen[bytes]  # `course serve` itself
    port: int
    scratch: Path  # its TMPDIR
    log: Path  # what it printed

    def stop(self, number: signal.Signals = signal.SIGTERM) -> None:
        """Stop `course serve` as a person would; it must end the app and its folder."""
        app = children_of(self.server.pid)
        assert app, "the app runs as a child process of `course serve`"
        self.server.send_signal(number)
        assert self.server.wait(timeout=60) == 0, self.log.read_text()
        assert not answers(self.port)
        assert not [pid for pid in app if running(pid)], "the app outlived `course serve`"
        assert list(self.scratch.iterdir()) == [], "the temporary folder was left behind"


@contextlib.contextmanager
def serving(what: str, tmp_path: Path) -> Iterator[Served]:
    """`course serve WHAT` on a free port, once it answers. Whatever a failed test leaves
    running is killed."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "course.cli", "serve", what, "--port", str(port)],
            cwd=REPO_ROOT,
            env=suite_environment(PYTHONPATH=str(REPO_ROOT), TMPDIR=str(scratch)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not answers(port):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no answer within 60 s:\n{log.read_text()}"
            time.sleep(0.2)
        app = children_of(server.pid)
        try:
            yield Served(server, port, scratch, log)
        finally:
            for pid in [server.pid, *app]:  # whatever a failed run left
                if running(pid):
                    os.kill(pid, signal.SIGKILL)
    finally:
        if server.poll() is None:
            server.kill()
        server.wait()


@pytest.mark.parametrize("number", STOP_SIGNALS, ids=lambda number: number.name)
def test_a_stop_signal_ends_the_app_and_removes_its_folder(number, tmp_path):
    with serving("week-02", tmp_path) as served:
        assert [p.name[:18] for p in served.scratch.iterdir()] == ["coursehub-week-02-"]
        served.stop(number)


@pytest.mark.parametrize("what", ["conduit", "week-15"])
def test_conduit_is_served_with_its_sample_data_and_stops_cleanly(what, tmp_path):
    """`conduit` is the capstone's complete reference, week-15 the week rendered from it: both
    answer the spec's API under /api from a fresh database holding the sample users."""
    with serving(what, tmp_path) as served:
        api = f"http://127.0.0.1:{served.port}/api"
        assert [p.name.split("-")[0] for p in served.scratch.iterdir()] == ["conduit"]
        tags = httpx.get(f"{api}/tags", timeout=10)
        assert tags.status_code == 200 and "welcome" in tags.json()["tags"]
        articles = httpx.get(f"{api}/articles", timeout=10).json()
        assert articles["articlesCount"] >= 1
        assert "alice" in {article["author"]["username"] for article in articles["articles"]}
        credentials = {"email": "alice@example.org", "password": "alice-password"}
        login = httpx.post(f"{api}/users/login", json={"user": credentials}, timeout=10)
        assert login.status_code == 200, login.text
        token = login.json()["user"]["token"]
        me = httpx.get(f"{api}/user", headers={"Authorization": f"Token {token}"}, timeout=10)
        assert me.json()["user"]["username"] == "alice"
        served.stop()


def test_conduit_has_no_starter_of_its_own(tmp_path):
    ran = run_course("serve", "conduit", "--starter")
    assert ran.returncode == 2
    assert "week-14 --starter" in ran.stderr
