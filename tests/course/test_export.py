"""`course export`: a week's student repository, as an instructor pushes it as a template."""

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from autograder.spec import ASSIGNMENTS_DIR, assignment_ids
from course.export.lockfile import student_lock
from course.export.repository import export_week
from course.site.dates import due_text
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.lock import UV_VERSION, locked_closure, locked_versions, normalise_name
from courseware.paths import COURSEHUB_DIR, LESSONS_DIR, LOCK_FILE
from courseware.render import render_tree
from courseware.term import HOMEWORK_BY_ID, STARTER_WEEKS, app_of_week, homework_of_week
from tests.support.commands import run_course, run_week_suite

# Every week whose homework is graded on pull requests (worksheets are not exported).
EXPORTABLE_WEEKS = tuple(
    week
    for week in STARTER_WEEKS
    if (homework := homework_of_week(week)) and homework.id in assignment_ids(ASSIGNMENTS_DIR)
)
# The classroom deployment differs from the fork one in its workflows only: the first week, a
# PostgreSQL week and a capstone week stand for the rest.
CLASSROOM_WEEKS = (1, 10, 14)
# What the export adds to (or puts in place of) the starter's files.
WRITTEN_BY_EXPORT = {"README.md", "PLAN.md", "pyproject.toml"}


@pytest.fixture(scope="module")
def exported_week_04(tmp_path_factory) -> tuple[Path, str, str]:
    """(folder, stdout, stderr) of `course export week-04` with no site address known."""
    out = tmp_path_factory.mktemp("export") / "coursehub-week-04"
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("COURSE_SITE_URL", raising=False)
        result = run_course("export", "week-04", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stdout, result.stderr


@pytest.fixture(scope="module")
def fork_week_04(exported_week_04) -> Path:
    return exported_week_04[0]


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_repository_is_the_starter_plus_readme_devcontainer_and_workflows(fork_week_04):
    starter = {item.relative.as_posix() for item in render_tree(4, "starter")}
    added = {
        ".devcontainer/devcontainer.json",
        ".github/workflows/visible-tests.yml",
        ".github/workflows/grade.yml",
        "uv.lock",
    }
    assert files_of(fork_week_04) == starter | added
    for item in render_tree(4, "starter"):
        if item.relative.as_posix() not in WRITTEN_BY_EXPORT:
            assert (fork_week_04 / item.relative).read_bytes() == item.content, item.relative


def test_no_hidden_test_and_no_solution_is_exported(fork_week_04):
    hidden = {p.name for p in ASSIGNMENTS_DIR.glob("*/hidden/*.py")}
    assert not hidden & {p.name for p in fork_week_04.rglob("*.py")}
    exported = "\n".join(
        p.read_text(errors="replace") for p in fork_week_04.rglob("*") if p.is_file()
    )
    for suite in ASSIGNMENTS_DIR.glob("*/hidden/test_*.py"):
        tests = re.findall(r"^def (test_\w+)", suite.read_text(), re.MULTILINE)
        assert tests and not [name for name in tests if name in exported], suite
    # The homework's routes are the starter's stubs, not the reference's answer.
    reference = {item.relative: item.content for item in render_tree(4, "reference")}
    routes = Path("coursehub/routes/courses.py")
    assert (fork_week_04 / routes).read_bytes() != reference[routes]
    assert "@@" not in exported


def test_every_dependency_is_pinned_to_the_repositorys_lock(fork_week_04):
    project = tomllib.loads((fork_week_04 / "pyproject.toml").read_text())
    locked = locked_versions()
    pins = {}
    for requirement in (
        project["project"]["dependencies"] + project["tool"]["uv"]["constraint-dependencies"]
    ):
        name, version = re.fullmatch(r"([\w.-]+)(?:\[[\w,]+\])?==([\w.]+)", requirement).groups()
        pins[name.lower().replace("_", "-")] = version
    for name, version in pins.items():
        assert locked[name] == version, name
    # Everything the app's dependencies pull in is pinned, not only what they name.
    closure = locked_closure(project["project"]["dependencies"])
    assert set(closure) == set(pins)
    assert {"starlette", "pydantic-core", "anyio", "greenlet", "uvloop"} <= set(pins)
    assert project["tool"]["uv"]["package"] is False  # the starter's own settings are kept


def test_the_readme_is_the_homework_with_its_due_date_and_how_to_hand_it_in(fork_week_04):
    readme = (fork_week_04 / "README.md").read_text()
    due = due_text(load_calendar().due(HOMEWORK_BY_ID["hw03"]))
    assert readme.startswith("# HW3: CRUD for courses\n")
    assert f"**Due {due}.**" in readme
    for heading in (
        "## Get started",
        "## Hand it in",
        "## The homework",
        "### Behavior contracts",
        "#### POST /api/courses",
        "### How it is graded",
        "## About the app",
        "### Run it",
    ):
        assert f"\n{heading}\n" in readme, heading
    assert "press **Fork**" in readme and "pull request" in readme
    assert "{{" not in readme
    assert "`uv.lock`" in readme


def test_without_the_sites_address_pages_are_named_and_the_instructor_is_warned(
    exported_week_04,
):
    out, stdout, stderr = exported_week_04
    readme = (out / "README.md").read_text()
    # No link at all to a course page (they would be dead in the student repository) ...
    assert not re.findall(r"\]\((?!https?://|#)[^)]*\)", readme)
    assert "](https://" not in readme.replace("](https://docs.astral.sh/uv/)", "")
    # ... but each is named, with where the site's navigation shows it.
    assert readme.count("*Endpoint recipe* (on the course website: Weeks → Week 4)") == 2
    assert "(on the course website)" not in readme
    assert "--site-url" in stderr and "COURSE_SITE_URL" in stderr and "Endpoint recipe" in stderr
    assert "names 1 course page(s) without links" in stdout


def test_links_point_at_the_course_website_when_it_is_given(tmp_path):
    out = tmp_path / "repo"
    result = run_course(
        "export", "4", "--out", str(out), "--site-url", "https://course.example/coursehub"
    )
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    readme = (out / "README.md").read_text()
    recipe = "https://course.example/coursehub/weeks/week-04/handouts/endpoint-recipe/"
    assert readme.count(f"[Endpoint recipe]({recipe})") == 2
    assert "the [course website](https://course.example/coursehub/)" in readme
    plan = (out / "PLAN.md").read_text()
    assert "[schedule](https://course.example/coursehub/schedule/)" in plan
    # Every link to the site is a page the site builds from the lessons or plans itself
    # (tests/course/site/test_export_links.py follows each one in a built site).
    lesson_pages = {
        "weeks/" + page.relative_to(LESSONS_DIR).with_suffix("").as_posix() + "/"
        for page in LESSONS_DIR.glob("week-*/**/*.md")
    }
    for text in (readme, plan):
        for address in re.findall(r"\(https://course\.example/coursehub/([^)#]*)", text):
            assert address in lesson_pages | {"", "schedule/"}, address
    assert "links to 1 course page(s) on https://course.example/coursehub/" in result.stdout


def uv_in(folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """uv as a student runs it in their repository (not in this repository's environment)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "UV_FROZEN", "UV_LOCKED")
    }
    uv = shutil.which("uv")
    assert uv, "uv is needed to check the exported lock"
    return subprocess.run(
        [uv, *arguments, "--directory", str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


def test_the_lock_matches_the_exported_pyproject_and_the_repositorys_lock(fork_week_04):
    check = uv_in(fork_week_04, "lock", "--check", "--offline")
    assert check.returncode == 0, check.stderr
    locked = locked_versions()
    packages = tomllib.loads((fork_week_04 / "uv.lock").read_text())["package"]
    from_index = {p["name"]: p["version"] for p in packages if "registry" in p["source"]}
    assert {name: locked[name] for name in from_index} == from_index
    project = tomllib.loads((fork_week_04 / "pyproject.toml").read_text())
    assert set(from_index) == set(locked_closure(project["project"]["dependencies"]))


def test_uv_sync_locked_installs_exactly_the_graded_versions(fork_week_04, tmp_path):
    copy = tmp_path / "clone"
    shutil.copytree(fork_week_04, copy)
    synced = uv_in(copy, "sync", "--locked")
    assert synced.returncode == 0, synced.stderr
    listing = subprocess.run(
        [
            str(copy / ".venv/bin/python"),
            "-c",
            "import importlib.metadata as m\n"
            "for d in m.distributions(): print(d.metadata['Name'], d.version)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = dict(line.split() for line in listing.stdout.splitlines())
    installed = {normalise_name(name): version for name, version in installed.items()}
    locked = locked_versions()
    assert installed and {name: locked[name] for name in installed} == installed
    # Everything the app needs on this platform (colorama is for Windows only, and so on).
    project = tomllib.loads((copy / "pyproject.toml").read_text())
    assert set(installed) <= set(locked_closure(project["project"]["dependencies"]))
    direct = {
        normalise_name(re.split(r"[\[=]", dependency)[0])
        for dependency in project["project"]["dependencies"]
    }
    assert direct <= set(installed)


def test_a_lock_with_versions_the_repository_never_tested_is_refused(fork_week_04, tmp_path):
    """The guard behind the lock: uv resolving anything but the repository's versions (say
    from a mirror that lacks one) fails the export instead of shipping untested pins."""
    repository_lock = tmp_path / "uv.lock"
    text = LOCK_FILE.read_text()
    starlette = locked_versions()["starlette"]
    older = text.replace(
        f'name = "starlette"\nversion = "{starlette}"', 'name = "starlette"\nversion = "0.0.1"'
    )
    assert older != text
    repository_lock.write_text(older)
    pyproject = (fork_week_04 / "pyproject.toml").read_text()
    with pytest.raises(CourseError, match=f"uv locked starlette {starlette} from"):
        student_lock(pyproject, repository_lock)
    assert student_lock(pyproject) == (fork_week_04 / "uv.lock").read_text()


def test_the_plan_is_written_for_students(fork_week_04):
    plan = (fork_week_04 / "PLAN.md").read_text()
    instructors = (COURSEHUB_DIR / "PLAN.md").read_text()
    assert "courseware/markers.py" in instructors  # theirs is kept as it is ...
    for name in ("markers", "courseware", "course render", "solutions/", "uv run course"):
        assert name not in plan, name  # ... and the students' names none of their tools
    assert plan.startswith("# CourseHub through the term\n")
    assert "The backend of a course platform" in plan
    assert "| **4 (this repository)** |" in plan and "**HW3: CRUD for courses**" in plan
    assert "Weeks 1 to 3 came before this one. Weeks 5 to 15 are planned" in plan
    for week in range(1, 16):
        assert re.search(rf"^\| (\*\*)?{week}\b", plan, re.MULTILINE), week
    # What the app gains each week comes from the instructors' table, e.g. week 5's endpoints.
    assert "`POST /api/groups/{id}/members`" in plan
    assert "a separate app, following the RealWorld API spec" in plan
    # Every part of the repository is in the table of where things are.
    tops = {path.split("/")[0] for path in files_of(fork_week_04)} - {".gitignore"}
    where = plan.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    for top in tops:
        assert re.search(rf"^\| `{re.escape(top)}[/`]", where, re.MULTILINE), top
    for command in (
        "uv sync --locked",
        "uv run python -m coursehub",
        "uv run pytest",
        "uv run pytest tests/test_hw03_course_crud.py",
    ):
        assert f"\n{command} " in plan, command
    assert "the *Schedule* page of the course website" in plan


def test_the_output_says_what_was_written_and_what_comes_next(exported_week_04):
    out, stdout, _ = exported_week_04
    written = len(files_of(out))
    assert f"week-04 (fork deployment): {written} files -> {out}" in stdout
    packages = tomllib.loads((out / "uv.lock").read_text())["package"]
    assert f"uv.lock: {len(packages) - 1} packages" in stdout  # all but the app itself
    assert ".github/workflows/: grade.yml, visible-tests.yml" in stdout
    assert "the class repository" in stdout and "template" not in stdout


def test_the_devcontainer_opens_ready_to_run_the_tests(fork_week_04):
    container = json.loads((fork_week_04 / ".devcontainer/devcontainer.json").read_text())
    assert "python:1-3.11-" in container["image"]
    assert container["postCreateCommand"] == f"pipx install uv=={UV_VERSION} && uv sync --locked"
    assert 8000 in container["forwardPorts"]


def test_the_exported_repository_runs_its_visible_tests(fork_week_04, tmp_path):
    """The homework's visible tests fail (it is not done yet), every other test passes."""
    outcomes = run_week_suite(fork_week_04, tmp_path / "junit.xml")
    failed = {test for test, outcome in outcomes.items() if outcome == "failed"}
    assert failed and all(".test_hw03_" in test for test in failed), failed
    assert len(outcomes) - len(failed) > 10
    assert not list(fork_week_04.rglob("__pycache__"))


def test_the_classroom_deployment_exports_the_staff_grading_repository(tmp_path):
    out = tmp_path / "template"
    result = run_course("export", "week-05", "--out", str(out), "--deployment", "classroom")
    assert result.returncode == 0, result.stderr
    assert files_of(out / ".github/workflows") == {"visible-tests.yml"}
    readme = (out / "README.md").read_text()
    assert readme.startswith("# HW4: ") and "yours alone" in readme and "Fork" not in readme
    grading = tmp_path / "template-grading"
    assert files_of(grading) == {
        ".github/workflows/grade-classroom.yml",
        "classroom.toml",
        "README.md",
    }
    classroom = tomllib.loads((grading / "classroom.toml").read_text())
    assert classroom["assignment"] == [{"id": "hw04", "repository_prefix": "hw04-"}]
    assert f"the staff's grading repository: 3 files -> {grading}" in result.stdout
    assert "as a template repository" in result.stdout
    assert ".github/workflows/: visible-tests.yml\n" in result.stdout


@pytest.mark.parametrize(
    ("deployment", "weeks"), [("fork", EXPORTABLE_WEEKS), ("classroom", CLASSROOM_WEEKS)]
)
def test_every_week_with_a_graded_homework_exports(tmp_path, deployment, weeks):
    assert set(CLASSROOM_WEEKS) <= set(EXPORTABLE_WEEKS)
    for week in weeks:
        homework = homework_of_week(week)
        package = app_of_week(week)
        exported = export_week(week, tmp_path / f"week-{week}", deployment)
        readme = (exported.student / "README.md").read_text()
        assert "**Due " in readme and "## The homework" in readme
        assert f"uv run python -m {package} " in readme, (week, "the run command names its app")
        workflow = (exported.student / ".github/workflows/visible-tests.yml").read_text()
        assert f"Visible tests ({homework.id})" in workflow
        plan = (exported.student / "PLAN.md").read_text()
        assert f"| **{week} (this repository)** |" in plan and "courseware" not in plan
        assert f"| `{package}/` |" in plan
        check = uv_in(exported.student, "lock", "--check", "--offline")
        assert check.returncode == 0, (week, check.stderr)


def test_mistakes_are_one_line_messages(tmp_path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "file").write_text("mine")
    cases = [
        (("export", "week-03", "--out", str(tmp_path / "a")), "hw02 is a worksheet"),
        (("export", "week-16", "--out", str(tmp_path / "b")), "unknown week 'week-16'"),
        (("export", "week-04", "--out", str(taken)), "already exists and is not empty"),
        (
            ("export", "4", "--out", str(tmp_path / "c"), "--grading-out", str(tmp_path / "d")),
            "--grading-out is for the classroom deployment only",
        ),
        (
            ("export", "4", "--out", str(tmp_path / "e"), "--site-url", "course.example.org"),
            "is not the address of a website",
        ),
    ]
    for arguments, message in cases:
        result = run_course(*arguments)
        assert result.returncode == 2, (arguments, result.stdout)
        assert message in result.stderr and "Traceback" not in result.stderr
    assert (taken / "file").read_text() == "mine"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["taken"]  # nothing half-written


def test_a_week_exported_with_an_earlier_homework_held_keeps_its_stubs(tmp_path):
    """While HW3's late work comes in, week 5 goes out with HW3 still stubbed, and says so."""
    out = tmp_path / "week-05"
    result = run_course("export", "week-05", "--out", str(out), "--hold", "hw03", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "held back: hw03 still stubbed" in result.stdout
    readme = (out / "README.md").read_text()
    assert readme.startswith("# HW4") and "**HW3 still stubbed.**" in readme
    services = (out / "coursehub/services/courses.py").read_text()
    full = tmp_path / "full"
    assert 'raise NotImplementedError("TODO(hw03): create_course")' in services
    export_week(5, full)
    assert "TODO(hw03)" not in (full / "coursehub/services/courses.py").read_text()
    refused = run_course("export", "week-05", "--out", str(tmp_path / "x"), "--hold", "hw04")
    assert refused.returncode == 2 and "hold only homework of earlier weeks" in refused.stderr
    assert not (tmp_path / "x").exists()
