"""Gradescope autograder bundles: `course gradescope ASSIGNMENT --out FILE.zip`.

The bundle is this grader, cut down to what one assignment needs, in the layout Gradescope's
"Autograder Specifications" ask for:

    setup.sh            run once when Gradescope builds the image (as root, with internet):
                        bubblewrap from apt, uv, then a Python 3.11 virtual environment in
                        .venv with exactly the packages of pylock.toml
    run_autograder      run for each submission (Gradescope copies it to /autograder/): grades
                        /autograder/submission and writes /autograder/results/results.json
    pylock.toml         the week's app dependencies and the grader's with everything they
                        pull in, as this repository's uv.lock has them (PEP 751: versions,
                        wheel URLs, hashes)
    autograder/, course/  the grader's modules (only those it imports)
    autograder/assignments/<id>/  this assignment only: its spec, hidden suite or mutants
    solutions/coursehub/  the week's reference as `render` makes it: for a contract or setup
                        assignment only its tests/ and sql/ (the suite and the sample data);
                        a tests assignment needs the whole app (its mutants are made from it)
    uv.lock             the versions `render` pins the app's pyproject.toml to

So the bundle never holds another assignment's hidden tests, or the solution of another week.

Gradescope gives a submission half a CPU by default (and 768 MB): the bundle's time limits
are the assignment's, doubled, so a check that passes here in time passes there in time, and
the whole submission stops in time for Gradescope's default 10-minute timeout. The grader's
processes stay far below 768 MB (tests/test_gradescope.py measures them).

Where bubblewrap cannot create its namespaces (a container that forbids them), the bundle
grades with the resource limits only, and says so in the autograder's log, never to the
student; autograder/DEPLOYMENTS.md explains what that means for hidden tests.
"""

import argparse
import json
import math
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.results import as_gradescope
from autograder.sandbox import Limits, Sandbox, bubblewrap
from autograder.spec import Assignment, load_assignment
from course.errors import CourseError
from course.render import _normalise, render_tree
from course.term import REPO_ROOT

# Building a bundle also uses course.export (pins, templates); grading inside Gradescope does
# not, so those imports stay inside the functions that build.

# What grading imports, and nothing else of the repository.
MODULES = (
    "course/__init__.py",
    "course/errors.py",
    "course/markers.py",
    "course/render.py",
    "course/term.py",
    "autograder/__init__.py",
    "autograder/grade.py",
    "autograder/gradescope.py",
    "autograder/live_plugin.py",
    "autograder/results.py",
    "autograder/sandbox.py",
    "autograder/spec.py",
    "autograder/submission.py",
)
GRADER_REQUIREMENTS = ("httpx", "pytest", "pytest-timeout")
CPU_SHARE = 0.5  # Gradescope's default share of a CPU per submission
GRADESCOPE_TIMEOUT_SECONDS = 600  # Gradescope's default autograder timeout
TIME_LIMITS = ("startup_seconds", "test_seconds", "total_seconds")


@dataclass(frozen=True)
class Bundle:
    path: Path
    files: int
    timeout_minutes: int  # what to set on Gradescope (its default of 10 is enough when <= 10)


def scaled_limits(assignment: Assignment) -> dict[str, float | int]:
    """The assignment's limits for half a CPU: clocks doubled, the whole submission capped
    below Gradescope's timeout (so that a hang still ends in a results.json)."""
    limits = asdict(assignment.limits)
    for name in TIME_LIMITS:
        limits[name] = limits[name] / CPU_SHARE
    limits["total_seconds"] = min(limits["total_seconds"], GRADESCOPE_TIMEOUT_SECONDS - 60)
    return limits


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def bundle_spec(assignment: Assignment) -> str:
    data = tomllib.loads((assignment.folder / "assignment.toml").read_text(encoding="utf-8"))
    lines = [
        "# The assignment's spec as the Gradescope bundle runs it: its time limits are doubled",
        "# for Gradescope's half CPU (see autograder/gradescope.py in the courseware).",
    ]
    lines += [f"{key} = {_toml_value(data[key])}" for key in ("id", "title", "week", "kind")]
    lines += [f"points = {_toml_value(data['points'])}", "", "[limits]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in scaled_limits(assignment).items()]
    return "\n".join(lines) + "\n"


def pylock(week: int) -> str:
    """A PEP 751 lock of the week's app and the grader: the packages they pull in, cut from
    `uv export` of this repository's uv.lock (exact versions, wheel URLs and hashes), so that
    setup.sh installs exactly what the course was tested with, hash-checked."""
    from course.export import locked_closure, project_requirements

    reference = render_tree(week, "reference")
    pyproject = next(f for f in reference if f.relative == Path("pyproject.toml"))
    requirements = [*project_requirements(pyproject.content.decode()), *GRADER_REQUIREMENTS]
    wanted = set(locked_closure(requirements))
    uv = shutil.which("uv")
    if uv is None:
        raise CourseError("building a bundle needs uv (`pip install uv`), to export uv.lock")
    exported = subprocess.run(
        [uv, "export", "--format", "pylock.toml", "--frozen", "--no-dev", "--no-emit-project",
         "--no-header", "--directory", str(REPO_ROOT)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if exported.returncode != 0:
        raise CourseError(f"uv export failed: {exported.stderr.strip()[:500]}")
    header, *blocks = exported.stdout.split("\n[[packages]]\n")
    kept = {}
    for block in blocks:
        name = re.match(r'name = "([^"]+)"', block)
        if name and _normalise(name.group(1)) in wanted:
            kept[_normalise(name.group(1))] = block
    if missing := wanted - set(kept):
        raise CourseError(f"uv export left out {sorted(missing)}: is uv.lock up to date?")
    comment = "# The week's app and the grader: what setup.sh installs (cut from uv.lock).\n"
    return (
        comment
        + header.rstrip("\n")
        + "\n"
        + "".join(f"\n[[packages]]\n{block.rstrip(chr(10))}\n" for block in kept.values())
    )


def bundle_files(assignment_id: str) -> dict[str, bytes]:
    """{path in the zip: content} of the bundle of one assignment."""
    from course.export import PYTHON_VERSION, UV_VERSION, template

    assignment = load_assignment(assignment_id)
    values = {
        "ASSIGNMENT": assignment.id,
        "PYTHON_VERSION": PYTHON_VERSION,
        "UV_VERSION": UV_VERSION,
    }
    files = {
        "setup.sh": template("gradescope/setup.sh", values).encode(),
        "run_autograder": template("gradescope/run_autograder", values).encode(),
        "pylock.toml": pylock(assignment.week).encode(),
        "uv.lock": (REPO_ROOT / "uv.lock").read_bytes(),
    }
    for module in MODULES:
        files[module] = (REPO_ROOT / module).read_bytes()
    folder = f"autograder/assignments/{assignment.id}"
    files[f"{folder}/assignment.toml"] = bundle_spec(assignment).encode()
    for path in sorted(assignment.hidden_dir.glob("*.py")):
        files[f"{folder}/hidden/{path.name}"] = path.read_bytes()
    if (assignment.folder / "mutants.toml").is_file():
        files[f"{folder}/mutants.toml"] = (assignment.folder / "mutants.toml").read_bytes()
    whole_app = assignment.kind == "tests"
    for item in render_tree(assignment.week, "reference"):
        if whole_app or item.relative.parts[0] in ("tests", "sql"):
            files[f"solutions/coursehub/{item.relative.as_posix()}"] = item.content
    return files


def build_bundle(assignment_id: str, out: Path) -> Bundle:
    if out.suffix != ".zip":
        raise CourseError(f"{out}: the bundle is a .zip file (Gradescope uploads a zip)")
    files = bundle_files(assignment_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    temporary.replace(out)
    total = scaled_limits(load_assignment(assignment_id))["total_seconds"]
    return Bundle(out, len(files), max(10, math.ceil(total / 60) + 1))


# --- inside Gradescope ------------------------------------------------------------------------


def submission_root(folder: Path) -> Path:
    """The student's project: the submission itself, or the one folder a zip upload held."""
    project_files = ("pyproject.toml", "coursehub", "tests")
    if not folder.is_dir() or any((folder / name).exists() for name in project_files):
        return folder
    children = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    if len(children) == 1 and children[0].is_dir():
        return children[0]
    return folder


def sandbox_works() -> tuple[bool, str]:
    """Whether bubblewrap can make its namespaces here (some containers forbid them), and
    what it said when it could not."""
    if bubblewrap() is None:
        return False, "bubblewrap is not installed"
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch).chmod(0o755)  # the sandbox's unprivileged uid must enter it
        sandbox = Sandbox(Path(scratch), Path(scratch) / "work", Limits())
        probe = [sys.executable, "-c", "pass"]
        process = sandbox.start(probe, {}, cwd=sandbox.inside("submission"))
        code = process.wait(timeout=60)
        return code == 0, process.output.text().strip()[-500:]


def run(root: Path, assignment_id: str) -> int:
    """Grade /autograder/submission into /autograder/results/results.json. Whatever happens,
    a results.json is written: a grader failure is a message, never an empty page."""
    from autograder.grade import grade

    log: list[str] = []
    if bubblewrap() is not None:
        works, said = sandbox_works()
        if not works:
            # Hide bubblewrap from the grader: it grades with the resource limits only.
            os.environ["PATH"] = str(Path(sys.executable).parent)
            log.append(f"bubblewrap cannot run in this container ({said}): graded without it.")
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = grade(assignment_id, submission_root(root / "submission"))
    except Exception as error:
        log.append(f"The grader failed: {type(error).__name__}: {error}")
        payload = {
            "score": 0,
            "output": "The autograder failed on this submission; course staff have been told. "
            "Please tell them too, with the time you submitted.",
            "stdout_visibility": "hidden",
            "tests": [],
        }
        results.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print("\n".join(log))
        return 0
    # What concerns the grading machine goes to the log (hidden from students), not the page.
    log += [note for note in result.notes if note.startswith("Sandbox:")]
    result.notes = [note for note in result.notes if not note.startswith("Sandbox:")]
    results.write_text(as_gradescope(result), encoding="utf-8")
    log.append(f"{result.assignment}: {result.score:g}/{result.max_score:g} -> {results}")
    print("\n".join(log))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="grade one submission, as run_autograder does")
    run_parser.add_argument("--root", default="/autograder", help="Gradescope's /autograder")
    run_parser.add_argument("--assignment", required=True)
    arguments = parser.parse_args(argv)
    return run(Path(arguments.root), arguments.assignment)


if __name__ == "__main__":
    sys.exit(main())
