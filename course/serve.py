"""`course serve week-NN`: run one week's app on a fresh SQLite database with sample data."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from courseware.errors import CourseError
from courseware.render import render_week, starter_path
from courseware.term import STARTER_WEEKS, week_id


def serve(week: int, *, starter: bool, host: str, port: int, uds: str | None, reload: bool) -> int:
    with tempfile.TemporaryDirectory(prefix=f"coursehub-{week_id(week)}-") as scratch:
        if starter:
            folder = starter_path(week)
            if week not in STARTER_WEEKS or not folder.is_dir():
                raise CourseError(
                    f"{week_id(week)} has no starter yet (weeks with one: "
                    f"{', '.join(week_id(w) for w in STARTER_WEEKS)})"
                )
        else:
            folder = render_week(week, "reference", Path(scratch) / "app")
        environment = os.environ | {
            "DATABASE_URL": f"sqlite+aiosqlite:///{Path(scratch) / 'coursehub.db'}",
            "SEED_SAMPLE_DATA": "true",
            # Keep __pycache__ out of the committed starter folders.
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        kind = "starter" if starter else "reference"
        print(f"Serving the {kind} of {week_id(week)} from {folder}", flush=True)
        command = [sys.executable, "-m", "coursehub", "--host", host, "--port", str(port)]
        if uds:
            command += ["--uds", uds]
        if reload:
            command.append("--reload")
        try:
            return subprocess.run(command, cwd=folder, env=environment, check=False).returncode
        except KeyboardInterrupt:
            return 0
