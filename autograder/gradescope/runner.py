"""Inside Gradescope: `run_autograder` grades `/autograder/submission` into
`/autograder/results/results.json`. Whatever happens, a results.json is written."""

import json
import os
import sys
import tempfile
from pathlib import Path

from autograder.grading.grade import grade
from autograder.results.formats import as_gradescope
from autograder.sandbox import Limits, Sandbox, bubblewrap
from autograder.spec import DEFAULT_APP, load_assignment


def submission_root(folder: Path, package: str = DEFAULT_APP.split(".")[0]) -> Path:
    """The student's project: the submission itself, or the one folder a zip upload held
    (`package` is the app's folder, `coursehub` or the capstone's `conduit`)."""
    project_files = ("pyproject.toml", package, "tests")
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
        # Some containers forbid namespaces: there the resource limits alone guard, as
        # DEPLOYMENTS.md says, and the log (hidden from students) names it.
        package = load_assignment(assignment_id).package
        submission = submission_root(root / "submission", package)
        result = grade(assignment_id, submission, allow_unsandboxed=True)
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
