"""Whether a check that ran out of time was starved by the machine rather than slow by itself.

Linux counts, for every thread, the time it spent runnable but waiting for a processor
(`/proc/<pid>/task/<tid>/schedstat`, second field). An app that hangs (an endless loop, a
blocking call on the event loop, a deadlock) runs or sleeps; an app on a saturated machine
waits in the run queue. So the run-queue wait of the app's threads and of the grader's own,
over the time of one check, tells the two apart without any guess about the machine's load.
"""

import os
from pathlib import Path

# A check is starved when some thread it needed waited this share of its time limit for a CPU.
STARVED_SHARE = 0.25


def _thread_waits(pid: int) -> dict[int, float]:
    """Each thread of process `pid`: its run-queue wait so far, in seconds."""
    waits = {}
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            fields = (task / "schedstat").read_text().split()
        except OSError:
            continue  # the thread ended
        if len(fields) >= 2:
            waits[int(task.name)] = int(fields[1]) / 1e9
    return waits


def _process_tree(root: int) -> list[int]:
    """`root` and every process under it. (Not its process group: bubblewrap starts the
    sandboxed command in a session of its own, so the app is outside the group of the
    `bwrap` the grader started.)"""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) is in parentheses and may hold spaces.
            after_name = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(after_name[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def run_queue_waits(app_root: int | None) -> dict[int, float]:
    """Every thread of the app's processes (the sandbox started for it and everything in it)
    and of this grader process: its run-queue wait so far, in seconds."""
    pids = {os.getpid(), *(_process_tree(app_root) if app_root else [])}
    return {tid: wait for pid in pids for tid, wait in _thread_waits(pid).items()}


def waited_between(before: dict[int, float], after: dict[int, float]) -> float:
    """The longest wait for a processor one thread had between two readings (a thread
    started in between counts from its start)."""
    return max((after[tid] - before.get(tid, 0.0) for tid in after), default=0.0)


def starved(waited: float, limit: float) -> bool:
    """Whether a wait for a processor of `waited` seconds starved work limited to `limit`."""
    return waited >= STARVED_SHARE * limit
