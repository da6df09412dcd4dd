"""`python -m coursehub.doctor`: check that this machine can run the course app (HW0).

It checks what breaks most often on a fresh laptop, says how to fix each problem, and writes
`hw00-environment.json`, which you commit for HW0. The grader runs the same checks again
itself; the file is your evidence and your TA's first clue when something is off.
"""

import json
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

REQUIRED_PACKAGES = ("fastapi", "sqlalchemy", "pydantic", "uvicorn", "pytest", "httpx", "pwdlib")
REPORT_FILE = Path("hw00-environment.json")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def check_python() -> Check:
    version = platform.python_version()
    ok = sys.version_info >= (3, 11)
    return Check(
        "python",
        ok,
        f"Python {version}",
        "" if ok else "Install Python 3.11 or newer (uv python install 3.11).",
    )


def check_packages() -> Check:
    missing, found = [], []
    for name in REQUIRED_PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            missing.append(name)
    if missing:
        return Check(
            "packages",
            False,
            f"missing: {', '.join(missing)}",
            "Run `uv sync` in this folder, then use `uv run ...`.",
        )
    return Check("packages", True, ", ".join(found))


def check_git() -> Check:
    if shutil.which("git") is None:
        return Check("git", False, "git is not installed", "Install git (https://git-scm.com).")
    name = subprocess.run(
        [shutil.which("git") or "git", "config", "user.name"],
        capture_output=True,
        text=True,
        check=False,
    )
    if not name.stdout.strip():
        return Check(
            "git", False, "git has no user.name", 'Run: git config --global user.name "Your Name"'
        )
    return Check("git", True, f"git configured for {name.stdout.strip()}")


def check_app() -> Check:
    """Start the app in-process on a throwaway SQLite file and log in as a sample user."""
    try:
        from fastapi.testclient import TestClient

        from coursehub.core.config import Settings
        from coursehub.main import create_app

        with tempfile.TemporaryDirectory() as scratch:
            settings = Settings(
                database_url=f"sqlite+aiosqlite:///{scratch}/doctor.db", seed_sample_data=True
            )
            with TestClient(create_app(settings)) as client:
                health = client.get("/health").json()
                login = client.post(
                    "/api/auth/login", json={"username": "alice", "password": "alice-password"}
                )
        if health.get("status") != "ok" or login.status_code != 200:
            return Check(
                "app",
                False,
                f"health {health}, login {login.status_code}",
                "Ask on the forum with this output.",
            )
        return Check("app", True, "the app starts, answers /health and logs in a sample user")
    except Exception as error:
        return Check(
            "app",
            False,
            f"{type(error).__name__}: {error}",
            "Run `uv sync`; if it persists, bring this message to office hours.",
        )


def run_checks() -> list[Check]:
    return [check_python(), check_packages(), check_git(), check_app()]


def main() -> int:
    checks = run_checks()
    for check in checks:
        print(f"[{'ok' if check.ok else 'FAIL'}] {check.name}: {check.detail}")
        if check.fix:
            print(f"       fix: {check.fix}")
    report = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "checks": [asdict(check) for check in checks],
        "all_ok": all(check.ok for check in checks),
    }
    REPORT_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {REPORT_FILE}: commit it with your HW0.")
    return 0 if report["all_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
