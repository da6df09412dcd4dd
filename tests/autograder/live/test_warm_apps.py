"""The warm app server of HW1 grading (`autograder.live.warm_apps`): each start is its own app,
with its own socket and database, and a stopped start is gone, children and all."""

import shutil
import sys
import tempfile
import time
from pathlib import Path

from autograder.live.app import answers_health
from autograder.live.warm_apps import AppForkServer
from autograder.sandbox import MOUNT_ROOT, Limits, random_secret
from autograder.uids import leased_uids, processes_of


def server_for(reference: Path, root: Path, uid: int = 65534) -> AppForkServer:
    apps, runs, sockets = (root / name for name in ("apps", "runs", "sockets"))
    for folder in (apps, runs, sockets):
        folder.mkdir(mode=0o755)
    shutil.copytree(reference, apps / "app-first")
    sample = reference / "sql" / "sample_data.sql"
    return AppForkServer(
        reference=apps / "app-first",
        apps=apps,
        runs=runs,
        sockets=sockets,
        limits=Limits(),
        uid=uid,
        app_env={
            "SECRET_KEY": random_secret(),
            "SEED_SAMPLE_DATA": "true",
            "SAMPLE_DATA_FILE": f"{MOUNT_ROOT}/data/sample_data.sql",
        },
        extra_ro=((sample, f"{MOUNT_ROOT}/data/sample_data.sql"),),
        python=sys.executable,
        startup_seconds=30,
    )


def test_two_starts_are_two_apps_with_their_own_database(reference_of):
    with (
        tempfile.TemporaryDirectory() as scratch,
        server_for(reference_of(2), Path(scratch)) as server,
    ):
        first = server.prepare(server.apps / "app-first")
        second = server.prepare(server.apps / "app-first")
        first.launch()
        second.launch()
        assert first.wait_ready() and second.wait_ready(), first.startup_error
        assert first.work != second.work and first.socket_path != second.socket_path
        assert (first.work / "app.db").is_file() and (second.work / "app.db").is_file()
        first.stop()
        assert not first.socket_path.exists()
        assert answers_health(second.socket_path)
        second.stop()


SPAWNING_APP = """
import subprocess

subprocess.Popen(["sleep", "300"])  # a process of the app's own, which must go with it


async def app(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
"""


def test_a_stopped_start_leaves_no_process_behind(reference_of):
    with (
        tempfile.TemporaryDirectory() as scratch,
        leased_uids(1) as (uid,),
        server_for(reference_of(2), Path(scratch), uid) as server,
    ):
        spawning = server.apps / "app-spawning" / "coursehub"
        spawning.mkdir(parents=True)
        (spawning / "__init__.py").write_text("")
        (spawning / "main.py").write_text(SPAWNING_APP)
        server.wait_loaded()
        alone = set(processes_of(uid))  # the server itself
        assert len(alone) == 1
        app = server.prepare(spawning.parent)
        app.launch()
        assert app.wait_ready(), app.startup_error
        assert len(set(processes_of(uid)) - alone) == 2  # the app and its sleep
        app.stop()
        deadline = time.monotonic() + 5
        while set(processes_of(uid)) - alone and time.monotonic() < deadline:
            time.sleep(0.05)
        assert set(processes_of(uid)) == alone
