"""`course gradescope`: the autograder bundle, and the bundle at work in Gradescope's layout.

The end-to-end test lays the bundle out as Gradescope does (`autograder/source` unzipped,
`setup.sh` run there, `run_autograder` copied to `autograder/`, the submission in
`autograder/submission`), runs it as Gradescope would, and validates `results.json`.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import tomllib
import zipfile
from collections import defaultdict
from pathlib import Path

import jsonschema
import pytest

from autograder.gradescope.bundle import CPU_SHARE, GRADESCOPE_TIMEOUT_SECONDS, build_bundle
from autograder.grading.grade import grade
from autograder.results.formats import as_gradescope
from autograder.spec import ASSIGNMENTS_DIR, load_assignment
from course.export.repository import export_week
from courseware.lock import locked_closure, locked_versions
from courseware.paths import REPO_ROOT
from courseware.render import render_tree
from tests.support.commands import run_course
from tests.support.gradescope import GRADESCOPE_SCHEMA
from tests.support.markers import needs_bubblewrap

GRADESCOPE_MEMORY_MB = 768


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "hw03-autograder.zip"
    result = run_course("gradescope", "hw03", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "set the timeout to at least 10 minutes" in result.stdout
    return out


def test_the_bundle_holds_one_assignment_and_only_what_grading_needs(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        modes = {info.filename: info.external_attr >> 16 for info in archive.infolist()}
        read = {name: archive.read(name).decode() for name in names}
    assert {"setup.sh", "run_autograder", "pylock.toml", "uv.lock"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert read["run_autograder"].startswith("#!/usr/bin/env bash")
    # This assignment's spec and hidden suite, no other assignment's.
    assignments = {n.split("/")[2] for n in names if n.startswith("autograder/assignments/")}
    assert assignments == {"hw03"}
    hidden = ASSIGNMENTS_DIR / "hw03/hidden/test_hw03_hidden_contracts.py"
    assert read["autograder/assignments/hw03/hidden/test_hw03_hidden_contracts.py"] == (
        hidden.read_text()
    )
    # Of the solutions, only week 4's tests and sample data, rendered (no week markers left).
    solutions = {n for n in names if n.startswith("solutions/")}
    expected = {
        f"solutions/coursehub/{item.relative.as_posix()}"
        for item in render_tree(4, "reference")
        if item.relative.parts[0] in ("tests", "sql")
    }
    assert solutions == expected
    assert not [n for n in solutions if re.search(r"^\s*(#|--) (>>>|===|<<<)", read[n], re.M)]
    # Only the modules grading imports: the shared lower floor and the grading pipeline, never
    # the course tools, the batch or the GitHub deployment.
    modules = {n for n in names if n.endswith(".py") and not n.startswith(("solutions", "auto"))}
    assert modules == {
        path.relative_to(REPO_ROOT).as_posix() for path in (REPO_ROOT / "courseware").glob("*.py")
    }
    assert not [
        n for n in names if n.startswith(("course/", "autograder/batch/", "autograder/github/"))
    ]


def test_the_bundle_installs_exactly_the_locked_versions(bundle):
    with zipfile.ZipFile(bundle) as archive:
        lock = tomllib.loads(archive.read("pylock.toml").decode())
        spec = tomllib.loads(archive.read("autograder/assignments/hw03/assignment.toml").decode())
    locked = locked_versions()
    packages = {package["name"]: package for package in lock["packages"]}
    for name, package in packages.items():
        assert package["version"] == locked[name], name
        assert all(wheel["hashes"]["sha256"] for wheel in package.get("wheels", []))
    pyproject = next(f for f in render_tree(4, "reference") if str(f.relative) == "pyproject.toml")
    app = tomllib.loads(pyproject.content.decode())["project"]["dependencies"]
    assert set(packages) == set(locked_closure([*app, "pytest-timeout"]))
    # Half a CPU: the clocks are doubled, the whole submission stops before Gradescope's timeout.
    limits = load_assignment("hw03").limits
    assert spec["limits"]["startup_seconds"] == limits.startup_seconds / CPU_SHARE
    assert spec["limits"]["test_seconds"] == limits.test_seconds / CPU_SHARE
    assert spec["limits"]["total_seconds"] < GRADESCOPE_TIMEOUT_SECONDS
    assert {key: spec[key] for key in ("id", "week", "kind", "points")} == {
        "id": "hw03", "week": 4, "kind": "contract", "points": 100,
    }  # fmt: skip


def test_a_tests_assignment_bundle_carries_the_whole_reference_and_its_mutants(tmp_path):
    built = build_bundle("hw01", tmp_path / "hw01.zip")
    with zipfile.ZipFile(built.path) as archive:
        names = set(archive.namelist())
    assert "autograder/assignments/hw01/mutants.toml" in names
    assert "solutions/coursehub/coursehub/main.py" in names
    assert not [n for n in names if "/hidden/" in n]


def test_a_bundle_is_a_zip_of_a_known_assignment(tmp_path):
    for arguments, message in (
        (("gradescope", "hw03", "--out", str(tmp_path / "x.tar")), "the bundle is a .zip"),
        (("gradescope", "hw42", "--out", str(tmp_path / "x.zip")), "unknown assignment 'hw42'"),
    ):
        result = run_course(*arguments)
        assert result.returncode == 2 and message in result.stderr, result.stderr


def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children[int(stat.read_text().rsplit(")", 1)[1].split()[1])].append(
                int(stat.parent.name)
            )
        except (OSError, IndexError, ValueError):
            continue
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += children.get(pid, [])
    return tree


def _usage(pid: int) -> tuple[int, int]:
    """(resident memory in kB, CPU ticks used so far) of one process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return (int(found.group(1)) if found else 0), int(fields[11]) + int(fields[12])


def run_autograder(root: Path, submission: Path) -> tuple[dict, str, float, float]:
    """Run the bundle on one submission as Gradescope does; (results.json, log, peak memory
    of all its processes in MB, CPU seconds they used)."""
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
    shutil.copytree(submission, root / "submission")
    (root / "results").mkdir()
    process = subprocess.Popen(
        [str(root / "run_autograder")],
        cwd=root,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak_kb, ticks = 0, {}
    while process.poll() is None:
        sampled = {pid: _usage(pid) for pid in _process_tree(process.pid)}
        peak_kb = max(peak_kb, sum(rss for rss, _ in sampled.values()))
        for pid, (_, used) in sampled.items():
            ticks[pid] = max(ticks.get(pid, 0), used)
        time.sleep(0.05)
    log = process.stdout.read() if process.stdout else ""
    assert process.returncode == 0, log
    results = json.loads((root / "results/results.json").read_text())
    return results, log, peak_kb / 1024, sum(ticks.values()) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def gradescope(bundle):
    """`/autograder` of a Gradescope container, after the image was built (setup.sh ran).

    Not under /tmp: the sandbox gives the student's app a private /tmp, which would hide a
    virtual environment kept there (Gradescope keeps it under /autograder)."""
    base = Path(tempfile.mkdtemp(prefix="gradescope-", dir="/var/tmp"))
    root = base / "autograder"
    (root / "source").mkdir(parents=True)
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)  # Gradescope keeps the zip's modes too
    setup = subprocess.run(
        ["bash", "setup.sh"],
        cwd=root / "source",
        # Offline: everything comes from uv's cache, filled by `uv sync` of this repository.
        env=os.environ | {"UV_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert setup.returncode == 0, setup.stdout + setup.stderr
    shutil.copy(root / "source/run_autograder", root / "run_autograder")
    yield root
    shutil.rmtree(base, ignore_errors=True)


@needs_bubblewrap
def test_gradescope_grades_like_the_grader_within_its_default_resources(
    gradescope, tmp_path, reference_of
):
    student = export_week(4, tmp_path / "student", "fork").student
    limits = tomllib.loads(
        (gradescope / "source/autograder/assignments/hw03/assignment.toml").read_text()
    )["limits"]

    # The untouched starter, uploaded as a zip of its folder (Gradescope unpacks it to one
    # folder): the same rows, points and feedback as the grader gives it here.
    upload = tmp_path / "upload"
    shutil.copytree(student, upload / "coursehub-main")
    results, log, memory_mb, cpu_seconds = run_autograder(gradescope, upload)
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    expected = json.loads(as_gradescope(grade("hw03", student)))
    assert results["tests"] == expected["tests"]
    assert results["score"] == expected["score"] < 100
    assert "graded without it" not in log and "Sandbox:" not in results["output"]
    assert memory_mb < GRADESCOPE_MEMORY_MB, memory_mb
    assert cpu_seconds / CPU_SHARE < limits["total_seconds"], cpu_seconds

    # The reference solution copied into the same repository: full marks.
    shutil.copytree(reference_of(4) / "coursehub", student / "coursehub", dirs_exist_ok=True)
    results, log, memory_mb, cpu_seconds = run_autograder(gradescope, student)
    jsonschema.validate(results, GRADESCOPE_SCHEMA)
    assert results["score"] == 100, log
    assert all(test["status"] == "passed" for test in results["tests"])
    assert {t["visibility"] for t in results["tests"]} >= {"visible", "hidden"}
    assert memory_mb < GRADESCOPE_MEMORY_MB, memory_mb
    assert cpu_seconds / CPU_SHARE < limits["total_seconds"], cpu_seconds
