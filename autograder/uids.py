"""Unprivileged uids for sandboxed processes, leased so that no two grades ever share one.

A uid is free when no grader holds its lock file; the lock is an `flock` on a file in a
root-owned folder, so graders started independently on one machine (a class batch, a TA's
single grade, a GitHub runner's two jobs) agree without talking to each other, and a grader
that dies releases its uids with its last file descriptor. Before a uid is handed out and
after it is given back, every process still running as it is killed: what one student left
behind (a fork bomb, a daemon started with `setsid`) never counts against the next.
"""

import contextlib
import fcntl
import os
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

FIRST_UID = 61000
POOL_SIZE = 1024


class NoFreeUid(Exception):
    """Every uid of the pool is leased (more graders than the pool has room for)."""


def lock_folder() -> Path:
    """Where the lock files live: a folder of the grader's user that no sandboxed process can
    write, the same for every grader of that user on the machine (`/run` for root, where it
    can be written; the temporary folder otherwise)."""
    bases = [Path("/run")] if os.geteuid() == 0 else []
    for base in [*bases, Path(tempfile.gettempdir())]:
        folder = base / f"coursehub-grader-uids-{os.geteuid()}"
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            continue  # e.g. a read-only /run in a container
        status = folder.lstat()
        if folder.is_symlink() or status.st_uid != os.geteuid() or status.st_mode & 0o077:
            raise PermissionError(f"{folder} is not a private folder of this user: remove it")
        return folder
    raise PermissionError("no folder to keep the grader's uid leases in")


def processes_of(uid: int) -> list[int]:
    """The pids of every process whose real or effective uid is `uid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("Uid:"):
                    real, effective = (int(value) for value in line.split()[1:3])
                    if uid in (real, effective):
                        found.append(int(entry.name))
                    break
        except (OSError, ValueError):
            continue  # the process ended while we looked
    return found


def kill_processes_of(uid: int, patience: float = 5.0) -> None:
    """Kill every process of `uid` until none is left (a fork bomb keeps forking for a while)."""
    if os.geteuid() != 0:
        return  # without root the grader never runs anything as another uid
    deadline = time.monotonic() + patience
    while (pids := processes_of(uid)) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


@contextlib.contextmanager
def leased_uids(count: int) -> Iterator[list[int]]:
    """`count` uids that no other grade on this machine holds until the block ends."""
    folder = lock_folder()
    held: list[tuple[int, int]] = []  # (uid, lock file descriptor)
    try:
        for uid in range(FIRST_UID, FIRST_UID + POOL_SIZE):
            if len(held) == count:
                break
            descriptor = os.open(
                folder / f"{uid}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600
            )
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                continue
            held.append((uid, descriptor))
        if len(held) < count:
            raise NoFreeUid(f"no free uid among {POOL_SIZE} for {count} sandboxed process(es)")
        for uid, _ in held:
            kill_processes_of(uid)
        yield [uid for uid, _ in held]
    finally:
        for uid, descriptor in held:
            kill_processes_of(uid)
            os.close(descriptor)
