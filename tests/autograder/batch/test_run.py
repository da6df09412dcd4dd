"""Grading a class: resumable, every student a row, hostile submissions included."""

import json
import os
import signal
import subprocess
import sys
import time

from courseware.paths import REPO_ROOT
from tests.support.classes import KINDS, build_class


def test_a_class_of_every_kind_grades_resumes_and_gives_every_student_an_honest_row(
    tmp_path, fast_assignments
):
    """One student of each kind (honest, partial, broken, hostile): killed a third of the way
    through, the batch resumes without grading anyone twice."""
    class_dir, out = tmp_path / "class", tmp_path / "out"
    roster = build_class(class_dir, size=len(KINDS))
    third = len(KINDS) // 3
    command = [
        sys.executable,
        "-m",
        "course.cli",
        "grade-class",
        "hw03",
        str(class_dir),
        "--out",
        str(out),
        "--jobs",
        "2",
    ]
    env = os.environ | {
        "COURSE_ASSIGNMENTS_DIR": str(fast_assignments),
        "PYTHONPATH": str(REPO_ROOT),
    }

    # Start, then kill the whole batch once a third of the class is graded.
    batch = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    results = out / "results"
    deadline = time.monotonic() + 600
    while (
        len(list(results.glob("*.json"))) < third
        and batch.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")}
    assert len(finished) >= third

    rerun = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1200, check=False
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{len(finished)} already graded and unchanged" in rerun.stderr
    for name, mtime in finished.items():
        assert (results / name).stat().st_mtime_ns == mtime, f"{name} was graded again"

    import csv

    rows = {row["student"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert set(rows) == set(roster)
    scores = {student: float(row["score"]) for student, row in rows.items()}
    for student, kind in roster.items():
        result = json.loads((results / f"{student}.json").read_text())["result"]
        notes = " ".join(result["notes"])
        if kind in ("honest", "hostile-output-flood", "hostile-reads-hidden-tests"):
            assert scores[student] == 100, (student, notes)
        elif kind.startswith(("partial", "hostile-endpoint", "broken-crash")):
            assert 0 < scores[student] < 100, (student, notes)
        else:
            assert scores[student] == 0, (student, notes)
        if kind == "hostile-symlink-to-solution":
            assert "symlink" in notes
        if kind.startswith("broken") and kind != "broken-crash-mid-suite":
            assert "did not start" in notes
    report = (out / "report.html").read_text()
    assert "<svg" in report and "hardest first" in report and "student-01-honest" in report
