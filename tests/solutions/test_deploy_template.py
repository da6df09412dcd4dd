"""The capstone's deploy template (`solutions/conduit/.github/workflows/deploy.yml` and
`solutions/conduit/railway.json`) does what week 14's deployment session says it does.

Students copy these two files into their own repository, so each promise of the lesson is a
test here: the tests run before anything is deployed, the start command serves
`conduit.main:app` on 0.0.0.0 and the platform's `$PORT`, the migration runs before the new
version starts (and really brings an empty database to the newest revision), the health check
path answers 200 once it has, no secret is written in either file, and a repository without
the platform's token (a fork) deploys nothing and stays green. Nothing here contacts a network.
"""

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from courseware.lock import PYTHON_VERSION, UV_VERSION
from courseware.paths import REPO_ROOT

CONDUIT = REPO_ROOT / "solutions" / "conduit"
WORKFLOW_FILE = CONDUIT / ".github" / "workflows" / "deploy.yml"
RAILWAY_FILE = CONDUIT / "railway.json"
VENV_BIN = Path(sys.executable).parent
TOKEN = "RAILWAY_TOKEN"
# What a credential pasted into a file looks like: a UUID (Railway's tokens), a long run of
# base64 or hex, a private key, a URL with a password in it.
CREDENTIAL = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|[A-Za-z0-9+/_-]{40,}"
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|://[^/\s:@]+:[^/\s@]+@",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def deploy_settings() -> dict[str, Any]:
    return json.loads(RAILWAY_FILE.read_text(encoding="utf-8"))["deploy"]


def run_lines(job: dict[str, Any]) -> list[str]:
    return [
        line.strip()
        for step in job["steps"]
        for line in str(step.get("run", "")).splitlines()
        if line.strip()
    ]


def option(argv: list[str], name: str) -> str:
    """The value after `--name` in a command line (`--name=value` too)."""
    for index, word in enumerate(argv):
        if word == name and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
    raise AssertionError(f"{name} is not in {shlex.join(argv)}")


def test_the_workflow_validates_against_the_github_workflow_schema() -> None:
    completed = subprocess.run(
        [str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         str(WORKFLOW_FILE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_it_deploys_pushes_to_main_and_never_a_pull_request(workflow: dict[str, Any]) -> None:
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"] == {"branches": ["main"]}
    assert not {"pull_request", "pull_request_target"} & set(triggers)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_the_tests_run_on_the_locked_environment_before_any_deploy(
    workflow: dict[str, Any],
) -> None:
    jobs = workflow["jobs"]
    tests = run_lines(jobs["test"])
    assert "uv sync --locked" in tests
    assert "uv run pytest" in tests
    assert jobs["deploy"]["needs"] in ("test", ["test"])
    # The versions the course's own CI and the exported repositories use.
    assert f'python -m pip install --disable-pip-version-check "uv=={UV_VERSION}"' in tests
    setup_python = next(s for s in jobs["test"]["steps"] if "setup-python" in s.get("uses", ""))
    assert setup_python["with"]["python-version"] == PYTHON_VERSION


def test_every_action_and_tool_is_pinned_to_a_version(workflow: dict[str, Any]) -> None:
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses, "the workflow uses no action at all"
    for action in uses:
        assert re.fullmatch(r"actions/[\w-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})", action), action
    installs = [line for line in run_lines(workflow["jobs"]["deploy"]) if "npm install" in line]
    assert installs == ['npm install --global "@railway/cli@5.63.1"']
    for step in steps:
        if "actions/checkout" in step.get("uses", ""):
            assert step["with"]["persist-credentials"] is False


def test_the_token_reaches_the_deploy_step_only(workflow: dict[str, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert "env" not in workflow and "env" not in deploy
    holding = [
        step["name"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if f"secrets.{TOKEN}" in yaml.safe_dump(step)
    ]
    assert holding == ["Check the set-up", "Deploy this commit"]
    check, *_, last = deploy["steps"]
    # The check sees only whether the secret is set, never its value.
    assert check["env"] == {"TOKEN_IS_SET": f"${{{{ secrets.{TOKEN} != '' }}}}"}
    assert last["env"][TOKEN] == f"${{{{ secrets.{TOKEN} }}}}"
    assert shlex.split(last["run"]) == ["railway", "up", "--ci", "--service", "$RAILWAY_SERVICE"]


def check_script(workflow: dict[str, Any]) -> str:
    return workflow["jobs"]["deploy"]["steps"][0]["run"]


@pytest.mark.parametrize("token_is_set", ["true", "false"])
def test_the_check_decides_whether_to_deploy(
    workflow: dict[str, Any], tmp_path: Path, token_is_set: str
) -> None:
    """The check step's script, run by bash as the runner runs it, with and without the
    secret: without it, a notice in the log, no deploy, and a green job."""
    output = tmp_path / "github_output"
    output.touch()
    completed = subprocess.run(
        ["bash", "-e", "-c", check_script(workflow)],
        env={"PATH": os.environ["PATH"], "TOKEN_IS_SET": token_is_set,
             "GITHUB_OUTPUT": str(output)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    if token_is_set == "true":
        assert output.read_text() == "deploy=true\n"
        assert completed.stdout == ""
    else:
        assert output.read_text() == "deploy=false\n"
        assert completed.stdout.startswith("::notice title=Nothing deployed::")
        assert TOKEN in completed.stdout


def test_every_step_after_the_check_waits_for_its_answer(workflow: dict[str, Any]) -> None:
    _, *later = workflow["jobs"]["deploy"]["steps"]
    assert later
    for step in later:
        assert step["if"] == "steps.setup.outputs.deploy == 'true'", step


def test_neither_file_holds_a_secret_value() -> None:
    for path in (WORKFLOW_FILE, RAILWAY_FILE):
        text = path.read_text(encoding="utf-8")
        assert not CREDENTIAL.search(text), f"{path.name}: {CREDENTIAL.search(text)}"
        for name in ("SECRET_KEY", "DATABASE_URL", "PASSWORD"):
            assert not re.search(rf"{name}\s*[:=]", text), f"{path.name} sets {name}"
    # Every secret the workflow reads comes from GitHub's store, by name.
    named = re.findall(r"secrets\.(\w+)", WORKFLOW_FILE.read_text(encoding="utf-8"))
    assert set(named) == {TOKEN}


def test_the_start_command_serves_the_app_on_every_interface_and_the_platforms_port(
    deploy_settings: dict[str, Any],
) -> None:
    argv = shlex.split(deploy_settings["startCommand"])
    assert argv[:2] == ["uvicorn", "conduit.main:app"]
    assert option(argv, "--host") == "0.0.0.0"
    assert option(argv, "--port") == "$PORT"
    assert "--reload" not in argv
    main = (CONDUIT / "conduit" / "main.py").read_text(encoding="utf-8")
    assert re.search(r"^app = create_app\(\)$", main, re.MULTILINE)


def test_the_migration_runs_before_the_new_version_starts(
    deploy_settings: dict[str, Any],
) -> None:
    assert deploy_settings["preDeployCommand"] == ["alembic upgrade head"]
    assert "alembic" not in deploy_settings["startCommand"]


def newest_revision() -> str:
    """The head of the migrations, read from the scripts: the one no other revises."""
    revisions, revised = set(), set()
    for script in (CONDUIT / "migrations" / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revisions.add(re.search(r'^revision[^=]*= "([^"]+)"', text, re.MULTILINE).group(1))
        down = re.search(r'^down_revision[^=]*= "([^"]+)"', text, re.MULTILINE)
        if down:
            revised.add(down.group(1))
    (head,) = revisions - revised
    return head


def test_the_pre_deploy_command_brings_an_empty_database_to_the_newest_revision_and_health_answers(
    deploy_settings: dict[str, Any], tmp_path: Path
) -> None:
    database = tmp_path / "conduit.db"
    env = {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
        "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "PYTHONPATH": str(CONDUIT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    (command,) = deploy_settings["preDeployCommand"]
    migrated = subprocess.run(
        shlex.split(command), cwd=CONDUIT, env=env, capture_output=True, text=True, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (newest_revision(),)
        ]
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"users", "articles", "comments", "tags"} <= tables

    probe = (
        "from fastapi.testclient import TestClient\n"
        "from conduit.main import create_app\n"
        "with TestClient(create_app()) as client:\n"
        f"    answer = client.get({deploy_settings['healthcheckPath']!r})\n"
        "print(answer.status_code, answer.text)\n"
    )
    health = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert health.returncode == 0, health.stderr
    assert health.stdout.strip() == '200 {"status":"ok","database":"ok"}'
