"""Every GitHub workflow this repository has or exports: valid, least-privileged, and safe
against the classic mistakes of grading pull requests.

The threat: whoever can edit a workflow file, or get their code run by one, can print every
secret that workflow receives. So a workflow that runs for a pull request holds no secret, and
a job that holds one never checks out or runs a pull request's code except through the
grader's sandbox (`python -m autograder.github grade`).
"""

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from course.export.repository import grading_files, student_files
from courseware.paths import REPO_ROOT
from courseware.render import RenderedFile

REPOSITORY_WORKFLOWS = sorted((REPO_ROOT / ".github/workflows").glob("*.y*ml"))
SECRET = re.compile(r"\bsecrets\.|\bgithub\.token\b|\bsecrets\[")
PULL_REQUEST_CODE = re.compile(
    r"github\.event\.pull_request\.head|github\.head_ref|github\.event\.workflow_run\.head"
    r"|refs/pull/"
)
# Actions a job holding a secret may use: GitHub's own, reviewed, and none of them runs code
# from the repository it works on.
TRUSTED_ACTIONS = re.compile(
    r"^actions/(checkout|setup-python|upload-artifact|download-artifact)@v\d+$"
)
# Everything a job holding a secret may run. The student's code is run by one command only:
# the grader, which runs it in the sandbox.
TRUSTED_COMMANDS = [
    re.compile(pattern)
    for pattern in (
        r"sudo apt-get update -qq",
        r"sudo apt-get install -y -qq bubblewrap",
        r'python -m pip install --disable-pip-version-check "uv==[\d.]+"',
        r"uv sync --locked --no-dev",
        r"(sudo )?courseware/\.venv/bin/python -m autograder\.github "
        r"(prepare-artifact|find-heads|fetch-heads|grade|report|record)( .*)?",
        r'if \[ -z "\$COURSEWARE_REPOSITORY" \]; then',
        r'echo "::error::[^"]*"',
        r"exit 1",
        r"fi",
    )
]


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def only_reads(permissions: Any) -> bool:
    if permissions in ({}, "read-all"):
        return True
    return isinstance(permissions, dict) and all(
        v in ("read", "none") for v in permissions.values()
    )


def run_lines(step: dict[str, Any]) -> list[str]:
    return [line.strip() for line in str(step.get("run", "")).splitlines() if line.strip()]


def security_problems(name: str, text: str) -> list[str]:
    """What is wrong with one workflow file, in words; [] when nothing is."""
    workflow = yaml.safe_load(text)
    events = triggers(workflow)
    problems = []
    if "pull_request_target" in events:
        problems.append(
            f"{name}: uses pull_request_target (runs with secrets for code from a fork)"
        )
    jobs = workflow.get("jobs", {})
    if "permissions" not in workflow and any("permissions" not in job for job in jobs.values()):
        problems.append(f"{name}: no `permissions:` (the token would get the defaults)")
    if "write-all" in text:
        problems.append(f"{name}: grants write-all")
    if "pull_request" in events:
        # The pull request may change this very file: nothing secret, nothing writable.
        if SECRET.search(text):
            problems.append(f"{name}: runs for pull requests and names a secret or the token")
        granted = [workflow.get("permissions", {})] + [
            job.get("permissions", {}) for job in jobs.values()
        ]
        if not all(only_reads(p) for p in granted):
            problems.append(f"{name}: runs for pull requests with write permissions")
    for job_id, job in jobs.items():
        if not SECRET.search(yaml.safe_dump(job)):
            continue
        where = f"{name}: job {job_id} holds a secret and"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not TRUSTED_ACTIONS.match(uses):
                problems.append(f"{where} uses {uses}")
            if uses and uses.startswith("actions/checkout"):
                options = step.get("with", {})
                checked_out = f"{options.get('ref', '')} {options.get('repository', '')}"
                if PULL_REQUEST_CODE.search(checked_out):
                    problems.append(f"{where} checks out pull-request code")
                if options.get("persist-credentials") is not False:
                    problems.append(f"{where} leaves credentials in a checkout")
            for line in run_lines(step):
                if not any(command.fullmatch(line) for command in TRUSTED_COMMANDS):
                    problems.append(f"{where} runs `{line}`")
            grades = re.search(r"autograder\.github grade\b", str(step.get("run", "")))
            given = yaml.safe_dump({key: value for key, value in step.items() if key != "if"})
            if grades and SECRET.search(given):
                problems.append(f"{where} gives a secret to the step that grades")
    return problems


def exported_workflows() -> list[RenderedFile]:
    files = [*student_files(4, "fork", None), *student_files(4, "classroom", None)]
    files += grading_files(4)
    return [f for f in files if f.relative.parts[:2] == (".github", "workflows")]


@pytest.fixture(scope="module")
def all_workflows(tmp_path_factory) -> dict[str, Path]:
    """The repository's workflows and every exported one, as files."""
    folder = tmp_path_factory.mktemp("workflows")
    found = {str(p.relative_to(REPO_ROOT)): p for p in REPOSITORY_WORKFLOWS}
    for index, item in enumerate(exported_workflows()):
        path = folder / f"{index}-{item.relative.name}"
        path.write_bytes(item.content)
        found[f"exported {item.relative.name} #{index}"] = path
    return found


def test_the_workflows_are_there():
    names = {p.name for p in REPOSITORY_WORKFLOWS}
    assert "ci.yml" in names
    exported = [f.relative.name for f in exported_workflows()]
    assert exported == [
        "grade.yml",
        "visible-tests.yml",
        "visible-tests.yml",
        "grade-classroom.yml",
    ]


def test_every_workflow_validates_against_the_github_workflow_schema(all_workflows):
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, all_workflows.values()),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_no_workflow_gives_a_secret_to_pull_request_code(all_workflows):
    problems = [
        problem
        for name, path in all_workflows.items()
        for problem in security_problems(name, path.read_text())
    ]
    assert problems == []


def test_the_step_that_grades_holds_no_token_and_runs_as_root():
    for item in exported_workflows():
        workflow = yaml.safe_load(item.content)
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                run = str(step.get("run", ""))
                if "autograder.github grade " in run:
                    assert "env" not in step and run.startswith("sudo "), item.relative
                if "autograder.github" in run and "grade " not in run:
                    assert not run.startswith("sudo"), (item.relative, run)


def test_every_checkout_of_the_grader_holds_every_package_it_installs():
    """The grading jobs check the courseware out sparsely; a package left out of the list
    makes the first real run fail on an import the tests here would never see."""
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    packages = set(pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"])
    checked = 0
    for item in exported_workflows():
        for job in yaml.safe_load(item.content)["jobs"].values():
            for step in job["steps"]:
                sparse = (step.get("with") or {}).get("sparse-checkout")
                if sparse and (step.get("with") or {}).get("path") == "courseware":
                    assert packages <= set(sparse.split()), (item.relative, step.get("name"))
                    checked += 1
    assert checked >= 3


def test_the_trusted_fork_workflow_runs_from_the_default_branch_after_the_visible_tests():
    files = {f.relative.name: yaml.safe_load(f.content) for f in student_files(4, "fork", None)
             if f.relative.parts[:2] == (".github", "workflows")}  # fmt: skip
    visible, trusted = files["visible-tests.yml"], files["grade.yml"]
    assert set(triggers(visible)) == {"pull_request"}
    assert triggers(trusted) == {
        "workflow_run": {"workflows": [visible["name"]], "types": ["completed"]}
    }
    assert trusted["permissions"] == {}
    assert trusted["jobs"]["grade"]["permissions"] == {
        "actions": "read",
        "contents": "read",
        "pull-requests": "write",
        "statuses": "write",
    }
    uploads = [s for s in visible["jobs"]["visible-tests"]["steps"] if "upload-artifact" in str(s)]
    downloads = [s for s in trusted["jobs"]["grade"]["steps"] if "download-artifact" in str(s)]
    assert uploads[0]["with"]["name"] == downloads[0]["with"]["name"] == "submission"
    assert downloads[0]["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_this_repositorys_ci_runs_the_ci_script_with_postgresql():
    ci = yaml.safe_load((REPO_ROOT / ".github/workflows/ci.yml").read_text())
    assert set(triggers(ci)) >= {"push", "pull_request"}
    steps = ci["jobs"]["tests"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    assert any("postgresql-15" in str(step.get("run", "")) for step in steps)


CHECKOUT_PR_HEAD = """
on:
  workflow_run: {workflows: [Visible tests], types: [completed]}
permissions: {}
jobs:
  grade:
    runs-on: ubuntu-24.04
    permissions: {pull-requests: write}
    steps:
      - uses: actions/checkout@v5
        with:
          ref: ${{ github.event.workflow_run.head_sha }}
          persist-credentials: false
      - run: courseware/.venv/bin/python -m autograder.github report --work work
        env: {GITHUB_TOKEN: "${{ github.token }}"}
"""

BAD_WORKFLOWS = {
    "pull_request_target": (
        "on: pull_request_target\npermissions: {contents: read}\n"
        "jobs: {t: {runs-on: x, steps: [{run: echo}]}}\n",
        "uses pull_request_target",
    ),
    "secret for a pull request": (
        "on: pull_request\npermissions: {contents: read}\n"
        "jobs: {t: {runs-on: x, steps: [{run: echo, env: {K: '${{ secrets.KEY }}'}}]}}\n",
        "runs for pull requests and names a secret",
    ),
    "write token for a pull request": (
        "on: [pull_request]\npermissions: {contents: write}\n"
        "jobs: {t: {runs-on: x, steps: [{run: echo}]}}\n",
        "with write permissions",
    ),
    "no permissions": (
        "on: push\njobs: {t: {runs-on: x, steps: [{run: echo}]}}\n",
        "no `permissions:`",
    ),
    "checkout of the pull request with a secret": (CHECKOUT_PR_HEAD, "checks out pull-request"),
    "pull-request code run with a secret": (
        CHECKOUT_PR_HEAD.replace("head_sha", "id").replace(
            "      - run: courseware", "      - run: uv run pytest\n      - run: courseware"
        ),
        "runs `uv run pytest`",
    ),
    "a secret in the grading step": (
        CHECKOUT_PR_HEAD.replace("head_sha", "id").replace("report", "grade"),
        "gives a secret to the step that grades",
    ),
    "an unreviewed action with a secret": (
        CHECKOUT_PR_HEAD.replace("head_sha", "id").replace(
            "actions/checkout@v5", "someone/checkout-faster@v1"
        ),
        "uses someone/checkout-faster@v1",
    ),
}


@pytest.mark.parametrize("case", BAD_WORKFLOWS)
def test_the_checks_catch_each_mistake(case):
    text, expected = BAD_WORKFLOWS[case]
    problems = security_problems(case, text)
    assert any(expected in problem for problem in problems), problems
