"""Finding the processes a hostile submission tried to leave behind."""

import time
from pathlib import Path


def command_line(pid: Path) -> str:
    """`/proc/<pid>`'s command line, words joined by spaces ("" once the process is gone)."""
    try:
        return (pid / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def running(command: str) -> list[Path]:
    """Every process whose command line is exactly `command`."""
    return [
        pid
        for pid in Path("/proc").iterdir()
        if pid.name.isdigit() and command_line(pid) == command
    ]


def gone(command: str, patience: float = 10.0) -> bool:
    """Whether no process runs `command`, waiting up to `patience` seconds for a teardown."""
    deadline = time.monotonic() + patience
    while running(command):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True
