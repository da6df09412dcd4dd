"""`course fuzz DIR`: an app started in the sandbox, fuzzed by its own OpenAPI document; a
planted server error is reported with a `curl` line that repeats it, behind a login too (the
login made the way the app's document says)."""

import json
import shutil

from courseware.paths import CONDUIT_DIR
from courseware.render import starter_path
from tests.support.commands import run_course
from tests.support.markers import needs_bubblewrap

pytestmark = needs_bubblewrap

PLANTED = '''

@router.get("/{course_id}/twice")
async def twice(course_id: int) -> dict[str, int]:
    """A planted bug: a 500 for every id above 1000."""
    if course_id > 1000:
        raise RuntimeError("planted")
    return {"twice": course_id * 2}
'''


def test_a_planted_server_error_is_reported_with_a_reproduction(tmp_path):
    app = shutil.copytree(starter_path(6), tmp_path / "planted")
    routes = app / "coursehub" / "routes" / "courses.py"
    routes.write_text(routes.read_text() + PLANTED)
    out = tmp_path / "fuzz.json"
    login = ["--login", "/api/auth/login", "--username", "alice", "--password", "alice-password"]
    ran = run_course(
        "fuzz", str(app), *login, "--examples", "10", "--format", "json", "--out", str(out),
        timeout=600,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stderr
    result = json.loads(out.read_text())
    failed = [test for test in result["tests"] if test["status"] == "failed"]
    assert [test["name"] for test in failed] == [
        "GET /api/courses/{course_id}/twice (positive requests)"
    ]
    assert "Server error" in failed[0]["output"]
    assert "curl -X GET" in failed[0]["output"] and "/twice" in failed[0]["output"]
    assert result["max_score"] > 20  # every operation of the week, both kinds of request


def test_an_app_that_is_not_coursehub_is_fuzzed_by_its_import_path(tmp_path):
    app = tmp_path / "tiny"
    (app / "tiny").mkdir(parents=True)
    (app / "tiny" / "__init__.py").write_text("")
    (app / "tiny" / "web.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "@app.get('/square/{n}')\nasync def square(n: int) -> dict[str, int]:\n"
        "    return {'square': n * n}\n"
    )
    out = tmp_path / "fuzz.json"
    ran = run_course(
        "fuzz", str(app), "--app", "tiny.web:app", "--examples", "10", "--format", "json",
        "--out", str(out), timeout=600,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr
    result = json.loads(out.read_text())
    assert result["score"] == result["max_score"] == 2


def test_a_login_without_its_user_is_refused_with_what_to_add(tmp_path):
    ran = run_course("fuzz", str(starter_path(6)), "--login", "/api/auth/login")
    assert ran.returncode == 2
    assert "--username and --password" in ran.stderr


CONDUIT_APP = ["--app", "conduit.main:app", "--examples", "5"]


def conduit_login(password: str = "alice-password") -> list[str]:
    """RealWorld's login: its path, and a body that is not {username, password}."""
    body = {"user": {"email": "alice@example.org", "password": password}}
    return ["--login", "/api/users/login", "--login-body", json.dumps(body)]


PLANTED_BEHIND_LOGIN = '''


@router.get("/user/planted", responses=error_responses(401))
async def planted(user: CurrentUser) -> dict[str, str]:
    """A planted bug: a 500 for whoever is logged in, a 401 for everyone else."""
    raise RuntimeError("planted")
'''


def test_conduit_is_fuzzed_logged_in_with_its_token_scheme(tmp_path):
    """RealWorld's login answers {"user": {"token"}}, sent back as `Authorization: Token`: the
    fuzzer gets past the 401 of every protected operation (the planted bug behind the login
    is found) and the reference has no server error anywhere else."""
    app = shutil.copytree(CONDUIT_DIR, tmp_path / "conduit", ignore=shutil.ignore_patterns("*.db"))
    routes = app / "conduit" / "routes" / "users.py"
    routes.write_text(routes.read_text() + PLANTED_BEHIND_LOGIN)
    out = tmp_path / "fuzz.json"
    ran = run_course(
        "fuzz", str(app), *CONDUIT_APP, *conduit_login(), "--token-prefix", "Token",
        "--format", "json", "--out", str(out), timeout=900,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout + ran.stderr
    result = json.loads(out.read_text())
    failed = [test for test in result["tests"] if test["status"] == "failed"]
    assert {test["name"].split(" (")[0] for test in failed} == {"GET /api/user/planted"}, failed
    assert "Server error" in failed[0]["output"] and "/api/user/planted" in failed[0]["output"]
    assert result["max_score"] == 2 * 21  # the spec's 19 operations, /health, the planted one
    assert result["tests"][-1]["name"] == "PUT /api/user (negative requests)"  # it may log out


def test_a_wrong_password_stops_the_fuzzer_with_what_to_fix():
    wrong = conduit_login("not-her-password")
    ran = run_course("fuzz", str(CONDUIT_DIR), *CONDUIT_APP, *wrong, "--token-prefix", "Token")
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "logging in at POST /api/users/login (JSON) answered 401" in ran.stderr
    assert "check the user and password" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_a_token_the_app_refuses_stops_the_fuzzer_with_what_to_fix():
    login = [*conduit_login(), "--token-prefix", "Bearer"]
    ran = run_course("fuzz", str(CONDUIT_DIR), *CONDUIT_APP, *login)
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "GET /api/user answers 401" in ran.stderr and "--token-prefix" in ran.stderr


def test_an_authorization_api_key_needs_its_prefix_said():
    ran = run_course("fuzz", str(CONDUIT_DIR), *CONDUIT_APP, *conduit_login())
    assert ran.returncode == 2, ran.stdout + ran.stderr
    assert "security scheme 'Token'" in ran.stderr and "--token-prefix" in ran.stderr


OAUTH2_APP = """\
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm

app = FastAPI()
token = OAuth2PasswordBearer(tokenUrl="/auth/token")


@app.post("/auth/token", responses={401: {"description": "wrong username or password"}})
async def log_in(form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> dict[str, str]:
    if (form.username, form.password) != ("ada", "ada-password"):
        raise HTTPException(401, "wrong username or password")
    return {"access_token": "ada-token", "token_type": "bearer"}


async def current_user(presented: Annotated[str, Depends(token)]) -> str:
    if presented != "ada-token":
        raise HTTPException(401, "not logged in")
    return "ada"


@app.get("/me")
async def me(user: Annotated[str, Depends(current_user)]) -> dict[str, str]:
    return {"username": user}


@app.get("/planted", responses={401: {"description": "not logged in"}})
async def planted(user: Annotated[str, Depends(current_user)]) -> dict[str, str]:
    raise RuntimeError("a planted bug, behind the login")
"""


def test_an_oauth2_password_flow_is_logged_in_at_its_token_url(tmp_path):
    """FastAPI's OAuth2PasswordBearer names its login in the document: a user and password are
    all the fuzzer needs, and the bug behind the login is found."""
    app = tmp_path / "project"
    (app / "project").mkdir(parents=True)
    (app / "project" / "__init__.py").write_text("")
    (app / "project" / "main.py").write_text(OAUTH2_APP)
    out = tmp_path / "fuzz.json"
    login = ["--username", "ada", "--password", "ada-password"]
    ran = run_course(
        "fuzz", str(app), "--app", "project.main:app", *login, "--examples", "5",
        "--format", "json", "--out", str(out), timeout=600,
    )  # fmt: skip
    assert ran.returncode == 1, ran.stdout + ran.stderr
    result = json.loads(out.read_text())
    failed = {test["name"] for test in result["tests"] if test["status"] == "failed"}
    assert failed == {"GET /planted (positive requests)"}
    wrong = run_course(
        "fuzz", str(app), "--app", "project.main:app", "--username", "ada", "--password", "no",
    )  # fmt: skip
    assert wrong.returncode == 2
    assert "logging in at POST /auth/token (a form) answered 401" in wrong.stderr
