"""The grade step holds no credential and grades only in the sandbox."""

import json
import subprocess
import sys
from dataclasses import asdict

from autograder.github.grading import scrubbed_environment
from autograder.github.work import Plan
from autograder.grading.grade import grade
from course.export.repository import export_week
from courseware.paths import REPO_ROOT
from tests.support.github import SECRET, hostile_env_dump
from tests.support.markers import needs_bubblewrap


@needs_bubblewrap
def test_a_secret_in_the_graders_environment_never_reaches_the_students_process(
    tmp_path, monkeypatch
):
    """The sandbox's own guarantee, without the step's restart: the grading process holds the
    secret, the student's app sees none of it (environment or /proc)."""
    app = export_week(4, tmp_path / "hostile", "fork").student
    hostile_env_dump(app)
    monkeypatch.setenv("COURSEWARE_DEPLOY_KEY", SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    result = grade("hw03", app)
    shown = json.dumps(result.to_dict())
    assert "ENV-DUMP" in shown and "SEED_SAMPLE_DATA" in shown
    assert SECRET not in shown


def test_credentials_are_scrubbed_from_the_grading_environment():
    environment = {
        "PATH": "/usr/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONPATH": "/courseware",
        "GITHUB_TOKEN": "x",
        "CLASSROOM_TOKEN": "x",
        "COURSEWARE_DEPLOY_KEY": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "ACTIONS_RUNTIME_TOKEN": "x",
        "ACTIONS_ID_TOKEN_REQUEST_URL": "x",
        "DATABASE_PASSWORD": "x",
    }
    assert scrubbed_environment(environment) == {
        "PATH": "/usr/bin",
        "HOME": "/root",
        "LANG": "C.UTF-8",
        "PYTHONPATH": "/courseware",
    }


def test_grading_refuses_to_run_without_the_sandbox_unless_told(tmp_path):
    plan = Plan("hw03", "o/r", 1, "a" * 40, "bot")
    (tmp_path / "work" / plan.key / "submission").mkdir(parents=True)
    (tmp_path / "work" / plan.key / "plan.json").write_text(json.dumps(asdict(plan)))
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "autograder.github", "grade", "--work", str(tmp_path / "work")],
        cwd=tmp_path,
        env={"PATH": str(empty_bin), "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "refusing to run students' code outside the sandbox" in completed.stderr
    # The student is told the grader failed (by the report step), not left waiting.
    assert (tmp_path / "work" / plan.key / "error.json").exists()
    assert not (tmp_path / "work" / plan.key / "result.json").exists()
