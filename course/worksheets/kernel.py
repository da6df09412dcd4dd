"""The kernel a worksheet is graded in: ipykernel in the grader's sandbox.

nbgrader runs a student's notebook in a kernel, and a notebook is code. Started through this
module (the kernelspec `kernel_environment` writes names it), the kernel sees the system
read-only, its own notebook folder read-only, the week's CourseHub starter (read-only, where
it is on the host), and a private `/tmp`; not `worksheets/` (its sources, gradebook and
configuration), not the network, and it runs as a leased unprivileged uid. Its ZMQ sockets
are Unix sockets beside the connection file (`KernelManager.transport = "ipc"`), the one
folder it may write, so it needs no network to talk to nbgrader. When nbgrader stops it, or
this wrapper dies, nothing of it is left running.

`python -m course.worksheets.kernel CONNECTION_FILE`
"""

import json
import os
import signal
import sys
from pathlib import Path

from autograder.sandbox import UNSANDBOXED, Sandbox, bubblewrap
from autograder.uids import leased_uids
from course.worksheets.catalogue import CHECKOUT_VARIABLE, WORKSHEETS_BY_ID
from course.worksheets.checks import ALLOW_UNSANDBOXED, LIMITS
from courseware.render import starter_path


def plain_kernel(connection_file: Path) -> None:
    """Where no sandbox can be made (a TA's laptop without bubblewrap), and the instructor
    allowed it: the kernel as nbgrader starts it by default."""
    if os.environ.get(ALLOW_UNSANDBOXED) != "1":
        sys.stderr.write(UNSANDBOXED + "\n")
        sys.exit(2)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", str(connection_file)]
    os.execv(sys.executable, argv)  # noqa: S606 (our own interpreter)


def main(argv: list[str]) -> int:
    connection_file = Path(argv[0]).resolve()
    connection = json.loads(connection_file.read_text(encoding="utf-8"))
    ipc = Path(connection.get("ip", ""))
    if bubblewrap() is None or connection.get("transport") != "ipc" or not ipc.is_absolute():
        plain_kernel(connection_file)
    notebook_folder = Path.cwd()  # nbgrader runs it in autograded/<student>/<assignment>/
    sheet = WORKSHEETS_BY_ID.get(notebook_folder.name)
    # The folder of the kernel's sockets (`c.KernelManager.ip`, see kernel_environment): the
    # one the kernel may write.
    runtime = ipc.parent
    with leased_uids(1) as (uid,):
        # The starter appears where it is (the notebook prints where it found CourseHub).
        checkout = str(starter_path(sheet.starter_week).resolve()) if sheet else ""
        extra = ((Path(checkout), checkout),) if sheet else ()
        sandbox = Sandbox(notebook_folder, runtime, LIMITS, uid, extra_ro=extra)
        inside = sandbox.inside("work")
        # The kernel's copy of the connection file names the sockets where it sees them.
        connection["ip"] = f"{inside}/{ipc.name}"
        kernel_file = runtime / f"sandboxed-{connection_file.name}"
        kernel_file.write_text(json.dumps(connection), encoding="utf-8")
        process = sandbox.start(
            [sys.executable, "-m", "ipykernel_launcher", "-f", f"{inside}/{kernel_file.name}"],
            {CHECKOUT_VARIABLE: checkout, "IPYTHONDIR": "/tmp/ipython"},  # noqa: S108
            cwd=sandbox.inside("submission"),
        )

        def stop(signum: int, _frame: object) -> None:
            process.kill()
            sys.exit(128 + signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupts come as messages
        code = process.wait(timeout=LIMITS.cpu_seconds * 4)
        if code and os.environ.get("COURSE_GRADER_DEBUG"):
            sys.stderr.write(process.output.text()[-4000:])
        return code if code is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
