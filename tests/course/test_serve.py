"""`course serve`: however it is stopped, the app stops with it and its folder is gone."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from courseware.paths import REPO_ROOT
from tests.support.commands import suite_environment

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


@pytest.mark.parametrize("number", STOP_SIGNALS, ids=lambda number: number.name)
def test_a_stop_signal_ends_the_app_and_removes_its_folder(number, tmp_path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "course.cli", "serve", "week-02", "--port", str(port)],
            cwd=REPO_ROOT,
            env=suite_environment(PYTHONPATH=str(REPO_ROOT), TMPDIR=str(scratch)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    app: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not answers(port):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no answer within 60 s:\n{log.read_text()}"
            time.sleep(0.2)
        app = children_of(server.pid)
        assert app, "the app runs as a child process of `course serve`"
        assert [p.name[:18] for p in scratch.iterdir()] == ["coursehub-week-02-"]
        server.send_signal(number)
        assert server.wait(timeout=60) == 0, log.read_text()
        assert not answers(port)
        assert not [pid for pid in app if running(pid)], "the app outlived `course serve`"
        assert list(scratch.iterdir()) == [], "the temporary folder was left behind"
    finally:
        for pid in [server.pid, *app]:  # whatever a failed run left
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        server.wait()
