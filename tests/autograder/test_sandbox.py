"""The sandbox: no repository, no network, one writable folder, capped output, a time limit."""

import json
import sys
from pathlib import Path

from autograder.sandbox import Limits, Sandbox
from courseware.paths import REPO_ROOT
from tests.support.markers import needs_bubblewrap

PROBE = """
import os, socket, pathlib, json
report = {"uid": os.getuid()}
report["sees_repository"] = pathlib.Path(%r).exists()
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); report["network"] = True
except OSError:
    report["network"] = False
for target in ("/grading/submission/x", "/etc/x", %r):
    try:
        open(target, "w").write("x"); report[target] = "written"
    except OSError:
        report[target] = "refused"
try:
    bytearray(2 * 1024**3); report["memory"] = "allocated"
except MemoryError:
    report["memory"] = "refused"
print(json.dumps(report))
"""


@needs_bubblewrap
def test_sandboxed_code_sees_no_repository_no_network_and_writes_only_its_work_folder(tmp_path):
    submission, work = tmp_path / "submission", tmp_path / "work"
    submission.mkdir()
    outside = str(tmp_path / "outside.txt")
    sandbox = Sandbox(submission, work, Limits(memory_mb=1024))
    process = sandbox.start(
        [sys.executable, "-c", PROBE % (str(REPO_ROOT / "autograder"), outside)],
        {},
        cwd=sandbox.inside("submission"),
    )
    assert process.wait(timeout=60) == 0, process.output.text()
    report = json.loads(process.output.text().strip().splitlines()[-1])
    assert report["uid"] != 0
    assert report["sees_repository"] is False
    assert report["network"] is False
    assert report["/grading/submission/x"] == report["/etc/x"] == report[outside] == "refused"
    assert report["memory"] == "refused"
    assert not Path(outside).exists()


def test_a_flood_of_output_is_capped_and_the_process_not_blocked(tmp_path):
    sandbox = Sandbox(tmp_path, tmp_path / "work", Limits(output_kb=4))
    process = sandbox.start(
        [sys.executable, "-c", "print('x' * 50_000_000)"], {}, cwd=sandbox.inside("submission")
    )
    assert process.wait(timeout=60) == 0
    text = process.output.text()
    assert len(text) < 5000 and "output cut" in text


def test_a_process_that_runs_too_long_is_killed(tmp_path):
    sandbox = Sandbox(tmp_path, tmp_path / "work", Limits(cpu_seconds=1))
    process = sandbox.start(
        [sys.executable, "-c", "while True: pass"], {}, cwd=sandbox.inside("submission")
    )
    assert process.wait(timeout=60) != 0


def test_a_killed_graders_scratch_is_unmounted_and_removed_by_the_next(tmp_path):
    """A grader killed mid-grade leaves its scratch folder, and its tmpfs mounted: every later
    sandbox would see that mount. The next grade removes it, and never a live grader's."""
    import os
    import subprocess

    from autograder.sandbox import (
        OWNER_FILE,
        hex_folder,
        mount_points_under,
        remove_abandoned_scratch,
        size_capped,
    )

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid names no process now
    abandoned = hex_folder(tmp_path, "coursehub-")
    (abandoned / OWNER_FILE).write_text(str(gone.pid))
    alive = hex_folder(tmp_path, "coursehub-")
    (alive / OWNER_FILE).write_text(str(os.getpid()))
    capped = size_capped(abandoned / "app-runs", 1)
    mounted = capped.__enter__()  # left mounted, as by a grader that was killed
    assert mounted == bool(mount_points_under(abandoned))
    remove_abandoned_scratch(tmp_path)
    assert not abandoned.exists()
    assert not mount_points_under(abandoned)
    assert alive.is_dir()
    assert all(c in "0123456789abcdef" for c in alive.name.removeprefix("coursehub-"))


THREADS_ALLOCATING = """
import threading
start = threading.Barrier(24)
failed = []

def work():
    start.wait()
    try:
        blocks = [bytearray(64 * 1024) for _ in range(64)]  # 4 MB, in small pieces
    except MemoryError:
        failed.append(1)

threads = [threading.Thread(target=work) for _ in range(24)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("failed", len(failed))
"""


def test_threads_that_allocate_at_once_stay_within_the_memory_limit(tmp_path):
    """24 threads using 4 MB each fit in 512 MB of address space: the allocator's per-thread
    reserves (64 MB each by default) must not turn a small app into a MemoryError, which on
    a busy machine, with more threads at once, would be the machine's doing."""
    sandbox = Sandbox(tmp_path, tmp_path / "work", Limits(memory_mb=512))
    process = sandbox.start(
        [sys.executable, "-c", THREADS_ALLOCATING], {}, cwd=sandbox.inside("submission")
    )
    assert process.wait(timeout=60) == 0, process.output.text()
    assert process.output.text().strip().splitlines()[-1] == "failed 0"
