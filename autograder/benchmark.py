"""`uv run python -m autograder.benchmark`: how fast the grader is, in figures.

Each figure is printed beside its plain baseline and its target (median of `--repeat` runs):
1. One hw03 submission: the grader (sandbox, live app, HTTP) against plain pytest running the
   same visible and hidden tests in-process on the same code. Target: at most 0.7x.
2. One hw01 submission (the student's tests against the reference and each planted bug)
   against one plain run of those tests on the reference. Target: at most 10 s and 3x.
3. A class of identical honest hw03 submissions: one worker on one core, one worker on every
   core, and one worker per core, in submissions a minute, and what a class of 200 costs here
   and on N parallel runners. Target on 2 cores: at least 1.9x the one-core batch.
4. `mkdocs build --strict` of the site, cold (no cache) and warm. Target: at most 15 s cold.

It prints figures and exits 0; it asserts only that the reference earns full marks (speed is
measured here, never in the tests).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from autograder.batch.run import grade_class
from autograder.grading.grade import grade
from autograder.grading.student_tests import student_test_files
from autograder.spec import load_assignment
from courseware.paths import REPO_ROOT
from courseware.render import render_week

CLASS_OF = 200


def plain_pytest_seconds(app: Path, *tests: str) -> float:
    """Plain pytest in the app's own folder, as a student runs it."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=app,
        env={k: v for k, v in os.environ.items() if not k.startswith("COURSEHUB_")},
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def with_hidden_tests(reference: Path, destination: Path, assignment_id: str) -> Path:
    shutil.copytree(reference, destination)
    for test in load_assignment(assignment_id).hidden_dir.glob("*.py"):
        shutil.copy(test, destination / "tests" / test.name)
    return destination


def median_of(repeat: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(repeat))


def timed_grade(assignment_id: str, submission: Path) -> float:
    started = time.perf_counter()
    result = grade(assignment_id, submission, jobs=os.cpu_count() or 1, allow_unsandboxed=True)
    seconds = time.perf_counter() - started
    assert result.score == result.max_score, f"{assignment_id}: the reference must earn full marks"
    return seconds


def one_submission(root: Path, repeat: int) -> None:
    reference = render_week(load_assignment("hw03").week, "reference", root / "hw03")
    plain_copy = with_hidden_tests(reference, root / "hw03-plain", "hw03")
    graded = median_of(repeat, lambda: timed_grade("hw03", reference))
    plain = median_of(repeat, lambda: plain_pytest_seconds(plain_copy, "tests"))
    print(f"One hw03 submission (median of {repeat}):")
    print(f"  grader (sandbox + live app over HTTP): {graded:6.2f} s")
    print(f"  plain pytest in-process, same tests:   {plain:6.2f} s")
    print(f"  ratio: {graded / plain:.2f}x  (target at most 0.7x)")


def test_writing_submission(root: Path, repeat: int) -> None:
    """The week's reference holds an honest hw01 answer: the test files its starter lacks."""
    assignment = load_assignment("hw01")
    reference = render_week(assignment.week, "reference", root / "hw01")
    theirs = [str(p.relative_to(reference)) for p in student_test_files(assignment, reference)]
    graded = median_of(repeat, lambda: timed_grade("hw01", reference))
    plain = median_of(repeat, lambda: plain_pytest_seconds(reference, *theirs))
    print("\nOne hw01 submission: the student's tests on the reference and each planted bug:")
    print(f"  grader:                                 {graded:6.2f} s  (target at most 10 s)")
    print(f"  one plain run of their tests:           {plain:6.2f} s  ({' '.join(theirs)})")
    print(f"  ratio: {graded / plain:.2f}x  (target at most 3x)")


def class_throughput(root: Path, size: int) -> None:
    reference = render_week(load_assignment("hw03").week, "reference", root / "class-reference")
    class_dir = root / "class"
    for index in range(size):
        shutil.copytree(reference, class_dir / f"student-{index:02d}")
    cores = os.cpu_count() or 1
    timings: dict[str, float] = {}

    def batch(name: str, jobs: int, processors: set[int]) -> None:
        # The affinity is inherited by every process of the batch: sandboxes, apps, pytest.
        everything = os.sched_getaffinity(0)
        os.sched_setaffinity(0, processors)
        try:
            started = time.perf_counter()
            grade_class("hw03", class_dir, root / f"out-{name}", jobs, allow_unsandboxed=True)
            timings[name] = time.perf_counter() - started
        finally:
            os.sched_setaffinity(0, everything)

    processors = os.sched_getaffinity(0)
    batch("1 worker, 1 core", 1, {min(processors)})
    batch(f"1 worker, {cores} cores", 1, processors)
    batch(f"{cores} workers, {cores} cores", cores, processors)
    print(f"\nA class of {size} hw03 submissions on {cores} cores:")
    for name, seconds in timings.items():
        rate = size / seconds * 60
        print(f"  {name + ':':<22} {seconds:6.1f} s  ({rate:.1f} submissions a minute)")
    every = timings[f"{cores} workers, {cores} cores"]
    if cores > 1:
        # One grade alone already keeps more than one core busy (its app boots while the
        # grader's pytest starts), so the scaling is measured against one core.
        one_core = timings["1 worker, 1 core"]
        print(f"  speed-up over one core: {one_core / every:.2f}x  (target at least 1.9x)")
        one_worker = timings[f"1 worker, {cores} cores"]
        print(f"  speed-up over one worker on every core: {one_worker / every:.2f}x")
    each = every / size
    print(f"  a class of {CLASS_OF} on this machine: {each * CLASS_OF / 60:.1f} min")
    for runners in (5, 20):
        # A GitHub runner has 2 cores (its standard Linux image), like this machine.
        print(f"  on {runners} parallel 2-core runners: {each * CLASS_OF / runners / 60:.1f} min")


def site_build() -> None:
    cache = tempfile.TemporaryDirectory()

    def build() -> float:
        with tempfile.TemporaryDirectory() as out:
            # A cache of its own: the first build is cold, the second finds what it left.
            env = os.environ | {"NO_MKDOCS_2_WARNING": "1", "COURSE_SITE_CACHE": cache.name}
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                 "--site-dir", str(Path(out) / "site")],
                cwd=REPO_ROOT, env=env, capture_output=True, check=True,
            )  # fmt: skip
            return time.perf_counter() - started

    with cache:
        cold, warm = build(), build()
    print("\n`mkdocs build --strict` of the site:")
    print(f"  cold: {cold:6.2f} s  (target at most 15 s)")
    print(f"  warm: {warm:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--class-size", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        one_submission(root, arguments.repeat)
        test_writing_submission(root, arguments.repeat)
        class_throughput(root, arguments.class_size)
    site_build()


if __name__ == "__main__":
    main()
