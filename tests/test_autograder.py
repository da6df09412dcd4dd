"""The autograder, end to end, as a TA runs it: real sandboxes, real apps, real pytest runs."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from class_fixtures import build_class, build_submission

from autograder.sandbox import Limits, Sandbox, bubblewrap
from autograder.spec import ASSIGNMENTS_DIR, assignment_ids
from course.render import render_week, starter_path
from course.term import REPO_ROOT
from support import run_course

# Gradescope's documented results.json (Autograder Specifications: "Output Format").
GRADESCOPE_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "score": {"type": "number"},
                    "max_score": {"type": "number"},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": {
                        "enum": ["hidden", "after_due_date", "after_published", "visible"]
                    },
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["score"]}, {"required": ["tests"]}],
}


@pytest.mark.parametrize("assignment", assignment_ids())
def test_calibration_reference_full_marks_starter_fails_results_repeat(assignment):
    """`course calibrate`: every check passes on the reference (twice, identically) and fails
    on the untouched starter unless it is marked as given."""
    result = run_course("calibrate", assignment, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{assignment}: ok" in result.stdout


@pytest.fixture(scope="module")
def graded_starter(tmp_path_factory) -> dict[str, Path]:
    """hw05 graded on the untouched week-6 starter, in every format."""
    out = tmp_path_factory.mktemp("formats")
    files = {}
    for fmt in ("json", "gradescope", "junit", "markdown", "table"):
        files[fmt] = out / f"result.{fmt}"
        result = run_course(
            "grade",
            "hw05",
            str(starter_path(6)),
            "--format",
            fmt,
            "--out",
            str(files[fmt]),
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    return files


def test_json_result_has_the_documented_fields(graded_starter):
    result = json.loads(graded_starter["json"].read_text())
    assert {"score", "max_score", "tests"} <= result.keys()
    assert result["max_score"] == 100
    for test in result["tests"]:
        assert {"name", "score", "max_score", "status", "output"} <= test.keys()
        assert test["status"] in {"passed", "failed", "pending"}
    scored = [t for t in result["tests"] if t["max_score"] > 0]
    assert sum(t["max_score"] for t in scored) == pytest.approx(100)
    assert result["score"] == sum(t["score"] for t in result["tests"]) == 0


def test_gradescope_results_validate_against_the_documented_format(graded_starter):
    results = json.loads(graded_starter["gradescope"].read_text())
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert {t["visibility"] for t in results["tests"]} >= {"visible", "hidden", "after_due_date"}


def test_junit_xml_lists_every_check(graded_starter):
    root = ElementTree.parse(graded_starter["junit"]).getroot()
    cases = root.findall(".//testcase")
    result = json.loads(graded_starter["json"].read_text())
    assert len(cases) == len(result["tests"])
    assert len(root.findall(".//failure")) == sum(t["status"] == "failed" for t in result["tests"])


def test_feedback_says_what_to_fix_without_quoting_hidden_tests(graded_starter):
    result = json.loads(graded_starter["json"].read_text())
    failed = [t for t in result["tests"] if t["status"] == "failed" and t["max_score"] > 0]
    assert failed
    for test in failed:
        assert test["output"].startswith("Expected: "), test["output"]
        assert "Your app answered" in test["output"], test["output"]
    hidden_source = (ASSIGNMENTS_DIR / "hw05/hidden/test_hw05_hidden_contracts.py").read_text()
    code_lines = {line.strip() for line in hidden_source.splitlines() if len(line.strip()) > 25}
    shown = "\n".join(p.read_text() for p in graded_starter.values())
    leaked = [line for line in code_lines if line in shown and not line.startswith('"""')]
    assert leaked == []
    assert "assert " not in shown and "def test_" not in shown
    markdown = graded_starter["markdown"].read_text()
    assert markdown.startswith("### hw05: 0 / 100 points")
    assert "shown after the due date" in markdown


def test_bad_input_to_the_grader_is_a_message_not_a_traceback(tmp_path):
    cases = [
        (("grade", "hw42", str(tmp_path)), "unknown assignment 'hw42'"),
        (("grade", "hw03", str(tmp_path / "missing")), "no submission folder"),
        (
            ("grade-class", "hw03", str(tmp_path / "nobody"), "--out", str(tmp_path / "o")),
            "no class folder",
        ),
        (("calibrate",), "name one assignment, or use --all"),
    ]
    for arguments, message in cases:
        result = run_course(*arguments)
        assert result.returncode == 2, (arguments, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr


def test_a_malformed_spec_is_reported(tmp_path):
    root = tmp_path / "assignments"
    (root / "hw03").mkdir(parents=True)
    (root / "hw03/assignment.toml").write_text(
        'id = "hw03"\ntitle = "x"\nweek = 4\nkind = "essay"\npoints = 1\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "course.cli", "grade", "hw03", str(tmp_path)],
        env=os.environ | {"COURSE_ASSIGNMENTS_DIR": str(root)},
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "kind must be one of contract, tests, setup" in result.stderr


# --- the sandbox -------------------------------------------------------------------------------

needs_bubblewrap = pytest.mark.skipif(bubblewrap() is None, reason="bubblewrap is not installed")

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


# --- a class ---------------------------------------------------------------------------------


@pytest.fixture
def fast_assignments(tmp_path) -> Path:
    """hw03 with short limits, so the hostile submissions of a class cost seconds, not minutes."""
    root = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR / "hw03", root / "hw03")
    spec = root / "hw03/assignment.toml"
    text = spec.read_text().split("[limits]")[0]
    spec.write_text(
        text + "[limits]\nstartup_seconds = 15\ntest_seconds = 3\ntotal_seconds = 240\n"
    )
    return root


def test_a_class_of_30_grades_resumes_and_gives_every_student_an_honest_row(
    tmp_path, fast_assignments
):
    class_dir, out = tmp_path / "class", tmp_path / "out"
    roster = build_class(class_dir, size=30)
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
        len(list(results.glob("*.json"))) < 10
        and batch.poll() is None
        and time.monotonic() < deadline
    ):
        time.sleep(0.5)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in results.glob("*.json")}
    assert len(finished) >= 10

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


def test_a_submission_that_is_not_a_folder_still_gets_a_row(tmp_path):
    reference = render_week(4, "reference", tmp_path / "reference")
    student = build_submission("honest", tmp_path / "class/honest", reference)
    (tmp_path / "class/not-a-folder.txt").write_text("oops")
    huge = tmp_path / "class/huge"
    huge.mkdir()
    (huge / "data.bin").write_bytes(b"0" * (21 * 1024 * 1024))
    result = run_course(
        "grade", "hw03", str(huge), "--format", "json", "--out", str(tmp_path / "huge.json")
    )
    assert result.returncode == 0, result.stderr
    assert "too large" in json.loads((tmp_path / "huge.json").read_text())["notes"][0]
    assert student.is_dir()
