"""A fake GitHub served over HTTP, and the environment a workflow step gets."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from courseware.paths import REPO_ROOT
from tests.support.github import CLASS_REPOSITORY


@pytest.fixture
def actions(tmp_path: Path, httpserver):
    """Run one workflow step as GitHub Actions would; each call gets fresh output files."""
    runs: list[dict[str, Any]] = []

    def step(*arguments: str, token: str | None = None, event: dict | None = None, **env: str):
        index = len(runs)
        output, summary = tmp_path / f"output-{index}", tmp_path / f"summary-{index}.md"
        output.touch()
        summary.touch()
        environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONDONTWRITEBYTECODE": "1",
            "GITHUB_API_URL": httpserver.url_for("/").rstrip("/"),
            "GITHUB_REPOSITORY": CLASS_REPOSITORY,
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(summary),
        }
        if token:
            environment["GITHUB_TOKEN"] = token
        if event is not None:
            event_file = tmp_path / f"event-{index}.json"
            event_file.write_text(json.dumps(event))
            environment["GITHUB_EVENT_PATH"] = str(event_file)
        completed = subprocess.run(
            [sys.executable, "-m", "autograder.github", *arguments],
            cwd=tmp_path,
            env=environment | env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
        record = {
            "log": completed.stdout + completed.stderr,
            "outputs": dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            ),
            "summary": summary.read_text(),
        }
        runs.append(record)
        return record

    step.runs = runs  # type: ignore[attr-defined]
    return step
