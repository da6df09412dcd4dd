"""Running nbgrader's own commands in a course directory, with this project's Python."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from course.worksheets.catalogue import SOURCE
from courseware.errors import CourseError
from courseware.paths import WORKSHEETS_DIR

CONFIG_FILE = "nbgrader_config.py"

# nbgrader's autograde pipeline with its `Execute` replaced (course/worksheets/preprocessor.py).
# Named, not imported: importing nbgrader costs a second that the course CLI need not pay.
AUTOGRADE_PREPROCESSORS = (
    "course.worksheets.preprocessor.ChecksApartFromStudentCode",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
)


def kernel_environment(folder: Path) -> dict[str, str]:
    """Environment variables under which nbgrader runs notebooks in the grader's sandbox.

    A `python3` kernelspec in `folder` comes first on JUPYTER_PATH, so a kernelspec elsewhere
    on the machine (a user's own, another virtualenv's) can never grade a worksheet. It starts
    `course.worksheets.kernel`, which runs this project's ipykernel in bubblewrap; the
    configuration beside it makes nbgrader talk to kernels over Unix sockets, so that a kernel
    needs no network, and puts `ChecksApartFromStudentCode` in the place of nbgrader's
    `Execute`, so that the test cells never run in the student's kernel.
    """
    spec_dir = folder / "kernels" / "python3"
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "course.worksheets.kernel", "{connection_file}"],
        "display_name": "Python 3 (CourseHub courseware)",
        "language": "python",
        # A signal would stop at the sandbox's edge: nbclient's interrupt on a cell that runs
        # too long goes over the control channel instead.
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    config = folder / "config"
    config.mkdir(exist_ok=True)
    runtime = folder / "runtime"
    runtime.mkdir(exist_ok=True)
    (config / "nbgrader_config.py").write_text(
        "# Kernels talk over Unix sockets in the runtime folder (no network needed).\n"
        'c.KernelManager.transport = "ipc"\n'
        f"c.KernelManager.ip = {str(runtime / 'kernel-ipc')!r}\n"
        "# The test cells run apart from the student's code (course/worksheets/preprocessor.py).\n"
        f"c.Autograde.autograde_preprocessors = {list(AUTOGRADE_PREPROCESSORS)!r}\n",
        encoding="utf-8",
    )
    return {
        "JUPYTER_PATH": os.pathsep.join(
            [str(folder), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
        ),
        "JUPYTER_CONFIG_PATH": os.pathsep.join(
            [
                str(config),
                *filter(None, os.environ.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep)),
            ]
        ),
        "JUPYTER_RUNTIME_DIR": str(runtime),
    }


def nbgrader(
    *arguments: str,
    course_dir: Path = WORKSHEETS_DIR,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """Run `nbgrader ARGUMENTS` in the course directory with this project's Python.

    nbgrader starts `alembic` by name when it creates a gradebook, so the folder of this
    Python's scripts goes first on PATH.
    """
    if not (course_dir / CONFIG_FILE).is_file():
        raise CourseError(f"{course_dir} is not an nbgrader course directory (no {CONFIG_FILE})")
    scripts = str(Path(sys.executable).parent)
    environment = os.environ | (env or {})
    environment["PATH"] = os.pathsep.join([scripts, environment.get("PATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *arguments],
        cwd=course_dir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_nbgrader(*arguments: str, course_dir: Path = WORKSHEETS_DIR, **kwargs: Any) -> str:
    """`nbgrader(...)`, failing with nbgrader's own log when the command fails."""
    completed = nbgrader(*arguments, course_dir=course_dir, **kwargs)
    if completed.returncode != 0:
        log = (completed.stdout + completed.stderr).strip().splitlines()
        tail = "\n".join(log[-30:])
        raise CourseError(f"`nbgrader {' '.join(arguments)}` failed:\n{tail}")
    return completed.stdout + completed.stderr


def copy_course(destination: Path, course_dir: Path = WORKSHEETS_DIR) -> Path:
    """A fresh course directory with only the committed parts: configuration and sources."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(course_dir / CONFIG_FILE, destination / CONFIG_FILE)
    shutil.copytree(
        course_dir / SOURCE,
        destination / SOURCE,
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    return destination
