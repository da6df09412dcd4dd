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
    courseware/, autograder/  the grader's modules (the packages it imports, never `course`)
    autograder/assignments/<id>/  this assignment only: its spec, hidden suite or mutants
    solutions/<app>/    the week's reference (coursehub, or the capstone's conduit: the package
                        of the spec's `app`) as `render` makes it: for a contract or setup
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

import io
import json
import math
import re
import shutil
import stat
import subprocess
import tomllib
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.spec import Assignment, load_assignment, rubric_toml
from courseware.errors import CourseError
from courseware.files import write_atomic
from courseware.lock import (
    PYTHON_VERSION,
    UV_VERSION,
    locked_closure,
    normalise_name,
    project_requirements,
)
from courseware.paths import LOCK_FILE, REPO_ROOT
from courseware.render import rendered
from courseware.templates import fill_file

# What grading imports, and nothing else of the repository: every module of these.
GRADER_CODE = (
    "courseware",
    "autograder/__init__.py",
    "autograder/sandbox.py",
    "autograder/spec.py",
    "autograder/submission.py",
    "autograder/uids.py",
    "autograder/live",
    "autograder/grading",
    "autograder/results",
    "autograder/gradescope",
)
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
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
        "# for Gradescope's half CPU (see autograder/gradescope/bundle.py).",
    ]
    lines += [f"{key} = {_toml_value(data[key])}" for key in ("id", "title", "week", "kind")]
    lines += [f"points = {_toml_value(data['points'])}"]
    lines.append(f"database = {_toml_value(assignment.database)}")
    lines.append(f"app = {_toml_value(assignment.app)}")
    if assignment.upgrades_from_week is not None:
        lines.append(f"upgrades_from_week = {assignment.upgrades_from_week}")
    if assignment.container_contract is not None:  # it switches the container check on
        lines.append(f"container_contract = {_toml_value('### ' + assignment.container_contract)}")
    lines += ["", "[limits]"]
    lines += [f"{key} = {_toml_value(value)}" for key, value in scaled_limits(assignment).items()]
    # The rubric too: without it the grader would share the TA's points among its own checks.
    return "\n".join(lines) + "\n" + rubric_toml(assignment.rubric)


def pylock(week: int) -> str:
    """A PEP 751 lock of the week's app and the grader: the packages they pull in, cut from
    `uv export` of this repository's uv.lock (exact versions, wheel URLs and hashes), so that
    setup.sh installs exactly what the course was tested with, hash-checked."""
    reference = rendered(week, "reference")
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
        if name and normalise_name(name.group(1)) in wanted:
            kept[normalise_name(name.group(1))] = block
    if missing := wanted - set(kept):
        raise CourseError(f"uv export left out {sorted(missing)}: is uv.lock up to date?")
    comment = "# The week's app and the grader: what setup.sh installs (cut from uv.lock).\n"
    return (
        comment
        + header.rstrip("\n")
        + "\n"
        + "".join(f"\n[[packages]]\n{block.rstrip(chr(10))}\n" for block in kept.values())
    )


def grader_modules() -> list[Path]:
    """The Python files of `GRADER_CODE`."""
    modules: list[Path] = []
    for entry in GRADER_CODE:
        path = REPO_ROOT / entry
        modules += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [module for module in modules if "__pycache__" not in module.parts]


def bundle_files(assignment_id: str) -> dict[str, bytes]:
    """{path in the zip: content} of the bundle of one assignment."""
    assignment = load_assignment(assignment_id)
    values = {
        "ASSIGNMENT": assignment.id,
        "PYTHON_VERSION": PYTHON_VERSION,
        "UV_VERSION": UV_VERSION,
    }
    files = {
        "setup.sh": fill_file(TEMPLATES_DIR / "setup.sh", values).encode(),
        "run_autograder": fill_file(TEMPLATES_DIR / "run_autograder", values).encode(),
        "pylock.toml": pylock(assignment.week).encode(),
        "uv.lock": LOCK_FILE.read_bytes(),
    }
    for module in grader_modules():
        files[module.relative_to(REPO_ROOT).as_posix()] = module.read_bytes()
    folder = f"autograder/assignments/{assignment.id}"
    files[f"{folder}/assignment.toml"] = bundle_spec(assignment).encode()
    for path in sorted(assignment.hidden_dir.glob("*.py")):
        files[f"{folder}/hidden/{path.name}"] = path.read_bytes()
    if (assignment.folder / "mutants.toml").is_file():
        files[f"{folder}/mutants.toml"] = (assignment.folder / "mutants.toml").read_bytes()
    whole_app = assignment.kind == "tests"
    for item in rendered(assignment.week, "reference"):
        if whole_app or item.relative.parts[0] in ("tests", "sql"):
            files[f"solutions/{assignment.package}/{item.relative.as_posix()}"] = item.content
    return files


def build_bundle(assignment_id: str, out: Path) -> Bundle:
    if out.suffix != ".zip":
        raise CourseError(f"{out}: the bundle is a .zip file (Gradescope uploads a zip)")
    files = bundle_files(assignment_id)
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    write_atomic(out, archive_bytes.getvalue())
    total = scaled_limits(load_assignment(assignment_id))["total_seconds"]
    return Bundle(out, len(files), max(10, math.ceil(total / 60) + 1))
