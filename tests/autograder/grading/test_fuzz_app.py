"""`course fuzz DIR`: an app started in the sandbox, fuzzed by its own OpenAPI document; a
planted server error is reported with a `curl` line that repeats it."""

import json
import shutil

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
