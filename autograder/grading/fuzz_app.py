"""`course fuzz DIR`: any FastAPI app (CourseHub, a team project) started in the sandbox on a
fresh work folder and fuzzed by its own OpenAPI document (`autograder.fuzz`). The report is
a grade: one row per operation and kind of request, each failure with a `curl` line.

It is the machine check of the team-project milestones, so nothing in it assumes CourseHub:
the app's import path and the login (if any) are the caller's. How the login is made (a form
or JSON, which header carries the token) comes from the app's OpenAPI document
(`autograder.fuzz_login`).
"""

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from autograder.fuzz import EXCLUDED_CHECKS, FuzzTarget, fuzz_operations
from autograder.live.app import APP, LiveApp
from autograder.results.model import GradeResult, TestResult
from autograder.sandbox import (
    UNSANDBOXED,
    Limits,
    Sandbox,
    bubblewrap,
    random_secret,
    scratch_folder,
    size_capped,
)
from autograder.submission import SubmissionError, safe_copy
from autograder.uids import leased_uids
from courseware.errors import CourseError

STARTUP_SECONDS = 30
WORK_MB = 256


@dataclass(frozen=True)
class FuzzRequest:
    app: str = APP
    # The login operation (/api/auth/login, /api/users/login); None with credentials: the
    # tokenUrl of the app's OAuth2 password flow.
    login_path: str | None = None
    username: str | None = None
    password: str | None = None
    examples: int = 100
    # The login's JSON body as text, for a login shaped otherwise than {username, password}
    # (RealWorld: {"user": {"email": ..., "password": ...}}).
    login_body: str | None = None
    token_prefix: str | None = None  # the word before the token (RealWorld: Token)


def login_credentials(request: FuzzRequest) -> dict[str, Any] | None:
    """What the fuzzer logs in with (None: it fuzzes as an anonymous client), or why the
    options do not say it."""
    password_pair = request.username is not None or request.password is not None
    if request.login_body is not None:
        if password_pair:
            raise CourseError(
                "--login-body replaces --username and --password: give one or the other"
            )
        try:
            body = json.loads(request.login_body)
        except ValueError as error:
            raise CourseError(f"--login-body is not JSON ({error}): quote it whole") from None
        if not isinstance(body, dict):
            raise CourseError("--login-body must be a JSON object, e.g. '{\"user\": {...}}'")
        return body
    if password_pair:
        if not (request.username and request.password):
            raise CourseError("--username and --password go together (a user the app knows)")
        return {"username": request.username, "password": request.password}
    if request.login_path:
        raise CourseError(
            "--login needs --username and --password (a user the app knows), or --login-body"
        )
    if request.token_prefix is not None:
        raise CourseError(
            "--token-prefix goes with a login: --username and --password, or --login-body"
        )
    return None


def fuzz_app(folder: Path, request: FuzzRequest, allow_unsandboxed: bool = False) -> GradeResult:
    if not folder.is_dir():
        raise CourseError(f"no app folder at {folder}")
    if bubblewrap() is None and not allow_unsandboxed:
        raise CourseError(UNSANDBOXED)
    credentials = login_credentials(request)
    with (
        scratch_folder() as scratch,
        size_capped(Path(scratch) / "app-runs", WORK_MB),
        leased_uids(1) as (uid,),
    ):
        work = Path(scratch)
        work.chmod(0o755)
        try:
            copy = safe_copy(folder, work / "submission")
        except SubmissionError as error:
            raise CourseError(f"cannot fuzz {folder}: {error}") from error
        app = LiveApp(app_config(copy.root, work, uid, request))
        try:
            if not app.start():
                raise CourseError(f"the app did not start:\n{app.startup_error}")
            assert app.base_url is not None
            target = FuzzTarget(app.base_url, request.login_path, credentials, request.token_prefix)
            rows = [
                row(label, failure) for label, failure in fuzz_operations(target, request.examples)
            ]
        finally:
            app.stop()
    passed = sum(1 for r in rows if r.status == "passed")
    notes = [
        f"{len(rows)} checks ({request.examples} requests each at most), {passed} passed.",
        "Left out: " + "; ".join(EXCLUDED_CHECKS.values()) + ".",
    ]
    if credentials is not None:
        notes.append(
            "Logged in once, the token sent with every request; the operations that change "
            "the logged-in account ran last, since they may log the fuzzer out."
        )
    sandbox = Sandbox(copy.root, work, Limits())
    return GradeResult("fuzz", folder.name, passed, len(rows), rows, notes, sandbox.isolation)


def row(label: str, failure) -> TestResult:  # type: ignore[no-untyped-def]
    if failure is None:
        return TestResult(label, 1, 1, "passed")
    return TestResult(label, 0, 1, "failed", failure.report)


def app_config(submission: Path, work: Path, uid: int, request: FuzzRequest) -> dict:
    runs = work / "app-runs"
    runs.chmod(0o755)
    return {
        "submission": str(submission),
        "work_root": str(runs),
        "socket": str(work / "unused.sock"),
        "listen": "tcp",
        "ready_path": "/openapi.json",
        "app": request.app,
        "uid": uid,
        "limits": asdict(Limits()),
        "python": sys.executable,
        "startup_seconds": STARTUP_SECONDS,
        "app_env": {"SECRET_KEY": random_secret(), "SEED_SAMPLE_DATA": "true"},
    }
