"""Running a team's code in the sandbox: its tests, its README's run command, its Alembic
migrations. Each run gets a fresh work folder; the commands a team runs in its own checkout
(tests, the app) get a writable copy of the project there, as a clone would be."""

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.project import probe
from autograder.project.readme import Command
from autograder.sandbox import MOUNT_ROOT, Limits, Sandbox, hex_folder

# A whole test suite, with password hashing: more than one homework test, less than a class.
TEST_SECONDS = 300
TEST_LIMITS = Limits(cpu_seconds=240, memory_mb=2048, processes=64, output_kb=512)
# Until the README's run command answers GET /health (as `course fuzz` waits for the app).
RUN_SECONDS = 30
PROBE_INSIDE = f"{MOUNT_ROOT}/probe/probe.py"
# Reported by pytest as it always is, whatever the project's configuration says.
PYTEST_REPORTING = ("-p", "no:cacheprovider", "-rfE", "--color=no")


@dataclass(frozen=True)
class Run:
    command: str  # what was run, as the row says it
    code: int | None  # None: it ran out of time
    output: str


@dataclass(frozen=True)
class ProjectRuns:
    """Where every run of one check happens: the safe copy, a folder for fresh work
    folders, and the uid the team's code runs as."""

    project: Path
    runs: Path
    uid: int

    def sandbox(self, limits: Limits, extra_ro: tuple[tuple[Path, str], ...] = ()) -> Sandbox:
        work = hex_folder(self.runs, "run-")
        return Sandbox(self.project, work, limits, self.uid, extra_ro)

    def checkout(self, sandbox: Sandbox) -> str:
        """A writable copy of the project in the run's work folder; its path inside."""
        copy = sandbox.work / "project"
        shutil.copytree(self.project, copy)
        for path in [copy, *copy.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        return f"{sandbox.inside('work')}/project"

    def tests(self, command: Command) -> Run:
        sandbox = self.sandbox(TEST_LIMITS)
        cwd = self.checkout(sandbox)
        argv = [sys.executable, *command.arguments, *PYTEST_REPORTING]
        process = sandbox.start(argv, {}, cwd=cwd)
        code = process.wait(timeout=TEST_SECONDS)
        return Run(command.shown + " " + " ".join(PYTEST_REPORTING), code, process.output.text())

    def app(self, command: Command) -> Run:
        """The README's run command, judged by the probe from inside the sandbox."""
        outside = Path(probe.__file__)
        sandbox = self.sandbox(Limits(), extra_ro=((outside, PROBE_INSIDE),))
        cwd = self.checkout(sandbox)
        script = PROBE_INSIDE if sandbox.isolated else str(outside)
        argv = [sys.executable, script, str(RUN_SECONDS), "--", sys.executable, *command.arguments]
        process = sandbox.start(argv, {}, cwd=cwd)
        code = process.wait(timeout=RUN_SECONDS + 30)
        return Run(command.shown, code, process.output.text())
