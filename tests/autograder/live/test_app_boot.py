"""A boot that fails is tried again only when the machine may be to blame.

An app that hangs at import with processors free (a `sleep`, a blocking call) would hang the
same way again: one boot, and the student hears so at once. A boot that runs out of time while
higher-priority work keeps it from a processor is tried once more on a fresh work folder.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.grading.context import RunContext
from autograder.grading.live_suite import app_config
from autograder.live.app import LiveApp
from autograder.results.model import DID_NOT_START
from autograder.spec import load_assignment
from autograder.submission import safe_copy
from autograder.uids import leased_uids
from tests.support.markers import needs_bubblewrap
from tests.support.submissions import hostile

pytestmark = needs_bubblewrap

HANGS_AT_IMPORT = "import time as _time\n\n_time.sleep(3600)\n"
HOG = "import time\nend = time.monotonic() + 60\nwhile time.monotonic() < end:\n    pass\n"
STARTUP_SECONDS = 4
# The app runs in a session of its own, and Linux shares a processor between sessions
# (autogroups) before it looks at `nice`: the hogs get sessions of their own, above the app's.
SESSION = {"start_new_session": True}


def above_the_app(pid: int) -> None:
    autogroup = Path(f"/proc/{pid}/autogroup")
    if autogroup.exists():
        autogroup.write_text("-15")
    subprocess.run(["renice", "-n", "-15", "-p", str(pid)], capture_output=True, check=True)


@contextlib.contextmanager
def live_app(submission: Path) -> Iterator[LiveApp]:
    """The app as the grader starts it, with a short boot limit (in a short folder: the
    socket's path has to fit in 108 bytes)."""
    with tempfile.TemporaryDirectory(prefix="coursehub-") as scratch, leased_uids(2) as uids:
        work = Path(scratch)
        work.chmod(0o755)
        copy = safe_copy(submission, work / "submission")
        app_uid, tests_uid = uids
        context = RunContext(
            load_assignment("hw03"), copy.root, work, [], app_uid, tests_uid, seed=1
        )
        config = app_config(context, copy.root, app_uid) | {"startup_seconds": STARTUP_SECONDS}
        app = LiveApp(config)
        try:
            yield app
        finally:
            app.stop()


def test_a_boot_that_hangs_with_processors_free_is_not_tried_twice(tmp_path, reference_of):
    submission = hostile(reference_of(4), tmp_path / "hangs", HANGS_AT_IMPORT)
    with live_app(submission) as app:
        assert not app.start()
        assert not app.boot_retried
        assert app.startup_error.startswith(DID_NOT_START)
        assert f"did not answer GET /health within {STARTUP_SECONDS} s" in app.startup_error


@pytest.mark.skipif(os.geteuid() != 0, reason="raising the hogs' priority needs root")
def test_a_boot_starved_of_processors_is_tried_once_more(tmp_path, reference_of):
    submission = hostile(reference_of(4), tmp_path / "honest", "")
    cpu = min(os.sched_getaffinity(0))
    mine = os.sched_getaffinity(0)
    hogs = [
        subprocess.Popen(["taskset", "-c", str(cpu), sys.executable, "-c", HOG], **SESSION)
        for _ in range(3)
    ]
    for hog in hogs:
        above_the_app(hog.pid)
    try:
        # The app inherits this process's processor: it boots behind the hogs.
        os.sched_setaffinity(0, {cpu})
        with live_app(submission) as app:
            launches: list[Path] = []
            app.on_launch = launches.append
            app.start()
            assert app.boot_retried
            # The second boot's database is the one the suite reads.
            assert len(set(launches)) == 2 and launches[-1] == app.database
    finally:
        os.sched_setaffinity(0, mine)
        for hog in hogs:
            hog.kill()
            hog.wait()
