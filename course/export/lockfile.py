"""The student repository's uv.lock, written by uv for the exported pyproject.toml.

Without a lock, a student's first `uv run` resolves afresh, and a machine that sees another
index (a mirror) may get other versions than the ones graded. uv writes the lock (from its
cache when it can, so that an export works offline), and the lock is refused unless every
package in it is the version, from the same source, that this repository's uv.lock holds.
"""

import os
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

from courseware.errors import CourseError
from courseware.lock import normalise_name
from courseware.paths import LOCK_FILE


def run_uv_lock(folder: Path) -> subprocess.CompletedProcess[str]:
    """`uv lock` in `folder`: from the cache alone first, then with the package index."""
    uv = shutil.which("uv")
    if uv is None:
        raise CourseError("exporting a week needs uv (`pip install uv`), to write its uv.lock")
    # The folder is a project of its own, whatever environment the export runs in.
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT")}
    for offline in (["--offline"], []):
        done = subprocess.run(
            [uv, "lock", "--quiet", *offline, "--directory", str(folder)],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        if done.returncode == 0:
            break
    return done


def locked_sources(lock_text: str) -> dict[str, set[tuple[str, str]]]:
    """{normalised name: {(version, source)}} of a uv.lock's packages from an index."""
    found: dict[str, set[tuple[str, str]]] = {}
    for package in tomllib.loads(lock_text).get("package", []):
        source = package.get("source", {})
        if "registry" in source:
            where = (package["version"], str(source["registry"]))
            found.setdefault(normalise_name(package["name"]), set()).add(where)
    return found


def student_lock(pyproject_text: str, lock_file: Path = LOCK_FILE) -> str:
    """The uv.lock of a student repository whose pyproject.toml is `pyproject_text`."""
    with tempfile.TemporaryDirectory(prefix="coursehub-lock-") as scratch:
        folder = Path(scratch)
        (folder / "pyproject.toml").write_text(pyproject_text, encoding="utf-8")
        done = run_uv_lock(folder)
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise CourseError(f"uv could not lock the student repository: {reason[0]}")
        text = (folder / "uv.lock").read_text(encoding="utf-8")
    ours = locked_sources(lock_file.read_text(encoding="utf-8"))
    for name, chosen in sorted(locked_sources(text).items()):
        if not chosen <= ours.get(name, set()):
            version, source = sorted(chosen - ours.get(name, set()))[0]
            raise CourseError(
                f"uv locked {name} {version} from {source} for the student repository, which "
                f"{lock_file.name} does not hold: run `uv lock` in the repository (or set the "
                "index it was locked from), then export again"
            )
    return text
