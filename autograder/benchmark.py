"""`uv run python -m autograder.benchmark`: how fast the grader is, in figures.

1. Overhead: grading the week-4 reference for hw03 (sandbox, live app, HTTP) against running
   the same tests in-process with plain pytest on the same code. Target: below 1.5x.
2. Throughput: a class of identical honest submissions graded with one worker and with every
   core. Target on 2 cores: at least 1.8x one worker.

It prints figures and exits 0; it asserts nothing (speed is measured here, not in the tests).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.batch.run import grade_class
from autograder.grading.grade import grade
from autograder.spec import load_assignment
from courseware.render import render_week


def in_process_seconds(app: Path, assignment_id: str) -> float:
    """The same visible and hidden tests, run by plain pytest inside the app's own process."""
    hidden = load_assignment(assignment_id).hidden_dir
    for test in hidden.glob("*.py"):
        shutil.copy(test, app / "tests" / test.name)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=app,
        env={k: v for k, v in os.environ.items() if not k.startswith("COURSEHUB_")},
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignment", default="hw03")
    parser.add_argument("--class-size", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="runs per overhead figure (best)")
    arguments = parser.parse_args()
    assignment = load_assignment(arguments.assignment)
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        reference = render_week(assignment.week, "reference", root / "reference")
        graded, plain = [], []
        for run in range(arguments.repeat):
            started = time.perf_counter()
            result = grade(assignment.id, reference, allow_unsandboxed=True)
            graded.append(time.perf_counter() - started)
            assert result.score == result.max_score, "the reference must earn full marks"
            copy = root / f"plain-{run}"
            shutil.copytree(reference, copy)
            plain.append(in_process_seconds(copy, assignment.id))
        checks, best = len(result.tests), arguments.repeat
        print(f"Grading one submission ({assignment.id}, {checks} checks), best of {best}:")
        print(f"  grader (sandbox + live app over HTTP): {min(graded):6.2f} s")
        print(f"  plain pytest in-process, same tests:   {min(plain):6.2f} s")
        print(f"  overhead: {min(graded) / min(plain):.2f}x  (target below 1.5x)")

        class_dir = root / "class"
        for index in range(arguments.class_size):
            shutil.copytree(reference, class_dir / f"student-{index:02d}")
        timings = {}
        for jobs in sorted({1, cores}):
            out = root / f"out-{jobs}"
            started = time.perf_counter()
            grade_class(assignment.id, class_dir, out, jobs, allow_unsandboxed=True)
            timings[jobs] = time.perf_counter() - started
        print(f"\nClass of {arguments.class_size} submissions on {cores} cores:")
        for jobs, seconds in timings.items():
            rate = arguments.class_size / seconds * 60
            print(f"  {jobs} worker(s): {seconds:6.1f} s  ({rate:.1f} submissions a minute)")
        if cores > 1:
            print(
                f"  speed-up: {timings[1] / timings[cores]:.2f}x  (target at least 1.8x on 2 cores)"
            )


if __name__ == "__main__":
    main()
