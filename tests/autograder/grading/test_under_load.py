"""The grader on a shared machine: the same verdict as on a quiet one.

A class batch on every core, a TA's laptop, a container with half a CPU: here, busy loops on
every core at a higher priority than the grader (`nice -n -10`, as root), a disk kept busy
with fsync, and several graders started independently at once, each grading a reference.
Every grade must earn full marks, and two grades of one submission with one seed must give
the same rows. The same suites, hidden ones included, then run on PostgreSQL under that load.

Opt-in (`COURSE_LOAD_HARNESS=1`): it saturates the machine for minutes. `LOAD_PER_CORE` sets
the busy loops per core (4).
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.spec import assignment_ids, load_assignment
from courseware.render import rendered, write_tree
from tests.support.commands import run_week_suite
from tests.support.markers import needs_bubblewrap

pytestmark = [
    needs_bubblewrap,
    pytest.mark.skipif(
        os.environ.get("COURSE_LOAD_HARNESS") != "1",
        reason="the load harness runs on request: COURSE_LOAD_HARNESS=1",
    ),
]

# Bounded, so that nothing outlives a test run that dies: at most this many seconds each.
BUSY = """
import time
end = time.monotonic() + {seconds}
while time.monotonic() < end:
    pass
"""
FSYNC = """
import os, time
end = time.monotonic() + {seconds}
with open({path!r}, "wb") as disk:
    while time.monotonic() < end:
        disk.seek(0)
        disk.write(os.urandom(1 << 20))
        disk.flush()
        os.fsync(disk.fileno())
"""
SEED = "2026"
CONTRACT_HOMEWORK = [a for a in assignment_ids() if load_assignment(a).kind == "contract"]


@contextlib.contextmanager
def shared_machine(scratch: Path, seconds: int = 600) -> Iterator[None]:
    """Four busy loops per core above the grader's priority, and a disk flushed non-stop."""
    above = ["nice", "-n", "-10"] if os.geteuid() == 0 else []
    cores = os.cpu_count() or 1
    load = [
        subprocess.Popen([*above, sys.executable, "-c", BUSY.format(seconds=seconds)])
        for _ in range(int(os.environ.get("LOAD_PER_CORE", "4")) * cores)
    ]
    disk = FSYNC.format(seconds=seconds, path=str(scratch / "fsync.bin"))
    load.append(subprocess.Popen([sys.executable, "-c", disk]))
    try:
        yield
    finally:
        for process in load:
            process.kill()
            process.wait()


def reference(assignment_id: str, destination: Path) -> Path:
    write_tree(rendered(load_assignment(assignment_id).week, "reference"), destination)
    return destination


def grade_command(assignment_id: str, submission: Path, out: Path) -> list[str]:
    """`course grade`, as a TA types it: each one an independent grader."""
    return [
        sys.executable, "-m", "course.cli", "grade", assignment_id, str(submission),
        "--format", "json", "--out", str(out), "--seed", SEED,
    ]  # fmt: skip


def rows(result_file: Path) -> list[tuple[str, str, float]]:
    result = json.loads(result_file.read_text())
    return [(test["name"], test["status"], test["score"]) for test in result["tests"]]


def test_references_earn_full_marks_with_the_same_rows_while_the_machine_is_saturated(
    tmp_path: Path,
):
    runs = [(hw, n) for hw in CONTRACT_HOMEWORK for n in (1, 2)]
    folders = {hw: reference(hw, tmp_path / hw) for hw in {hw for hw, _ in runs}}
    results = {run: tmp_path / f"{run[0]}-{run[1]}.json" for run in runs}
    with shared_machine(tmp_path):
        graders = {
            run: subprocess.Popen(
                grade_command(run[0], folders[run[0]], results[run]),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for run in runs
        }
        outputs = {run: grader.communicate(timeout=900)[0] for run, grader in graders.items()}
    for run, result_file in results.items():
        assert result_file.exists(), outputs[run].decode(errors="replace")[-2000:]
        result = json.loads(result_file.read_text())
        failed = [(t["name"], t["output"]) for t in result["tests"] if t["status"] == "failed"]
        why = (run, result["notes"], failed)
        assert (result["score"], failed) == (result["max_score"], []), why
    for assignment_id in folders:
        assert rows(results[assignment_id, 1]) == rows(results[assignment_id, 2]), assignment_id


@pytest.mark.postgres
@pytest.mark.parametrize("assignment_id", CONTRACT_HOMEWORK)
def test_references_pass_visible_and_hidden_suites_on_postgresql_while_saturated(
    assignment_id: str, tmp_path: Path, postgres_database: str
):
    """Most homework is graded on SQLite; the course also runs every week on PostgreSQL,
    where a race between requests shows differently. The same suites, hidden ones included, twice
    under the same load: all pass, with the same outcomes."""
    folder = reference(assignment_id, tmp_path / "app")
    for hidden in load_assignment(assignment_id).hidden_dir.glob("*.py"):
        shutil.copy(hidden, folder / "tests" / hidden.name)
    environment = {"COURSEHUB_TEST_DATABASE_URL": postgres_database, "COURSEHUB_TEST_SEED": SEED}
    with shared_machine(tmp_path, seconds=300):
        runs = [
            # A suite that takes 6 s on a quiet machine gets a few percent of one core here.
            run_week_suite(folder, tmp_path / f"run-{n}.xml", timeout=1200, **environment)
            for n in (1, 2)
        ]
    failed = sorted(test for test, outcome in runs[0].items() if outcome != "passed")
    assert failed == []
    assert runs[0] == runs[1]
