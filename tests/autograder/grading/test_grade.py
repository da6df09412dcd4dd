"""Grading one submission as a TA runs it: calibrated assignments, every output format, and
bad input that ends as a message, never a traceback."""

import json
import os
import subprocess
import sys
from xml.etree import ElementTree

import jsonschema
import pytest

from autograder.spec import ASSIGNMENTS_DIR, assignment_ids
from courseware.paths import REPO_ROOT
from courseware.render import render_week
from tests.support.classes import build_submission
from tests.support.commands import run_course
from tests.support.gradescope import GRADESCOPE_SCHEMA


@pytest.mark.parametrize("assignment", assignment_ids())
def test_calibration_reference_full_marks_starter_fails_results_repeat(assignment):
    """`course calibrate`: every check passes on the reference (twice, identically) and fails
    on the untouched starter unless it is marked as given."""
    result = run_course("calibrate", assignment, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{assignment}: ok" in result.stdout


@pytest.mark.xdist_group("graded_starter")
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


@pytest.mark.xdist_group("graded_starter")
def test_a_grade_for_a_student_counts_their_late_days(graded_starter):
    late = json.loads(graded_starter["json"].read_text())["late"]
    assert late["student"] == "octocat"
    assert (late["late_days"], late["extension_days"], late["penalty_percent"]) == (1, 0, 0)
    assert {"due", "accepted_until", "submitted_at", "final_score"} <= late.keys()


@pytest.mark.xdist_group("graded_starter")
def test_gradescope_results_validate_against_the_documented_format(graded_starter):
    results = json.loads(graded_starter["gradescope"].read_text())
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert {t["visibility"] for t in results["tests"]} >= {"visible", "hidden", "after_due_date"}


@pytest.mark.xdist_group("graded_starter")
def test_junit_xml_lists_every_check(graded_starter):
    root = ElementTree.parse(graded_starter["junit"]).getroot()
    cases = root.findall(".//testcase")
    result = json.loads(graded_starter["json"].read_text())
    assert len(cases) == len(result["tests"])
    assert len(root.findall(".//failure")) == sum(t["status"] == "failed" for t in result["tests"])


@pytest.mark.xdist_group("graded_starter")
def test_feedback_says_what_to_fix_without_quoting_hidden_tests(graded_starter):
    result = json.loads(graded_starter["json"].read_text())
    failed = [t for t in result["tests"] if t["status"] == "failed" and t["max_score"] > 0]
    assert failed
    for test in failed:
        assert test["output"].startswith("Expected: "), test["output"]
        assert "Your app answered" in test["output"], test["output"]
    hidden_source = (ASSIGNMENTS_DIR / "hw05/hidden/test_hw05_hidden_contracts.py").read_text()
    code_lines = {line.strip() for line in hidden_source.splitlines() if len(line.strip()) > 25}
    # A visible row may quote its own test's line (the student has that file); a hidden one
    # never quotes test code.
    hidden_rows = [t for t in result["tests"] if t["visibility"] != "visible"]
    shown = "\n".join([t["output"] for t in hidden_rows] + result["notes"])
    leaked = [line for line in code_lines if line in shown and not line.startswith('"""')]
    assert leaked == []
    assert "assert " not in shown and "def test_" not in shown
    everything = "\n".join(p.read_text() for p in graded_starter.values())
    assert "def test_" not in everything
    markdown = graded_starter["markdown"].read_text()
    assert markdown.startswith("### hw05: 0 / 100 points")
    assert "shown after your last late day" in markdown


def test_bad_input_to_the_grader_is_a_message_not_a_traceback(tmp_path):
    cases = [
        (("grade", "hw42", str(tmp_path)), "unknown assignment 'hw42'"),
        (("grade", "hw03", str(tmp_path / "missing")), "no submission folder"),
        (
            ("grade-class", "hw03", str(tmp_path / "nobody"), "--out", str(tmp_path / "o")),
            "no class folder",
        ),
        (("calibrate",), "name one assignment, or use --all"),
        (("grade", "hw03", str(tmp_path), "--submitted-at", "2026-02-10"), "needs --student"),
        (
            (
                "grade-class",
                "hw03",
                str(tmp_path),
                "--out",
                str(tmp_path / "o"),
                "--handed-in",
                "x",
            ),
            "no hand-in times at x",
        ),
        (
            ("grade", "hw03", str(tmp_path), "--student", "a", "--submitted-at", "Tuesday"),
            "'Tuesday' is not a moment",
        ),
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
