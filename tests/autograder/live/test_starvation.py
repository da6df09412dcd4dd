"""The grader tells a starved check from a slow one by the time its threads waited for a
processor: a thread that sleeps (an app that hangs) waits for none, a thread that shares its
processor with busier, higher-priority work waits most of the time."""

import os
import subprocess
import sys
import time

import pytest

from autograder.live.starvation import run_queue_waits, waited_between

HOG = "import time\nend = time.monotonic() + 20\nwhile time.monotonic() < end:\n    pass\n"


def busy(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_a_sleeping_thread_waits_for_no_processor():
    before = run_queue_waits(None)
    time.sleep(1)
    assert waited_between(before, run_queue_waits(None)) < 0.1


@pytest.mark.skipif(os.geteuid() != 0, reason="raising the hogs' priority needs root")
def test_a_thread_sharing_its_processor_with_higher_priority_work_waits_for_it():
    cpu = min(os.sched_getaffinity(0))
    hogs = [
        subprocess.Popen(
            ["taskset", "-c", str(cpu), "nice", "-n", "-15", sys.executable, "-c", HOG]
        )
        for _ in range(2)
    ]
    mine = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {cpu})
        time.sleep(0.5)  # the hogs are running
        before = run_queue_waits(None)
        busy(0.05)  # 50 ms of work, at about 1% of a processor
        waited = waited_between(before, run_queue_waits(None))
    finally:
        os.sched_setaffinity(0, mine)
        for hog in hogs:
            hog.kill()
            hog.wait()
    assert waited > 1.0
