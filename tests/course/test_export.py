"""`course export`: a week's student repository, as an instructor pushes it as a template."""

import json
import re
import tomllib
from pathlib import Path

import pytest

from autograder.spec import ASSIGNMENTS_DIR
from course.export.repository import export_week
from course.site.dates import due_text
from courseware.calendar import load_calendar
from courseware.lock import UV_VERSION, locked_closure, locked_versions
from courseware.render import render_tree
from courseware.term import HOMEWORK_BY_ID, STARTER_WEEKS
from tests.support.commands import run_course, run_week_suite

EXPORTABLE_WEEKS = (1, 2, 4, 5, 6)


@pytest.fixture(scope="module")
def fork_week_04(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "coursehub-week-04"
    result = run_course("export", "week-04", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    return out


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_the_repository_is_the_starter_plus_readme_devcontainer_and_workflows(fork_week_04):
    starter = {item.relative.as_posix() for item in render_tree(4, "starter")}
    added = {
        ".devcontainer/devcontainer.json",
        ".github/workflows/visible-tests.yml",
        ".github/workflows/grade.yml",
    }
    assert files_of(fork_week_04) == starter | added
    for item in render_tree(4, "starter"):
        if item.relative.as_posix() not in ("README.md", "pyproject.toml"):
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
    # Links to course pages point at the website, or are plain text when it is not known.
    assert "](handouts/" not in readme
    assert "Endpoint recipe (on the course website)" in readme


def test_links_point_at_the_course_website_when_it_is_given(tmp_path):
    out = tmp_path / "repo"
    result = run_course(
        "export", "4", "--out", str(out), "--site-url", "https://course.example/coursehub/"
    )
    assert result.returncode == 0, result.stderr
    readme = (out / "README.md").read_text()
    assert (
        "[Endpoint recipe](https://course.example/coursehub/weeks/week-04/handouts/endpoint-recipe/)"
        in readme
    )


def test_the_devcontainer_opens_ready_to_run_the_tests(fork_week_04):
    container = json.loads((fork_week_04 / ".devcontainer/devcontainer.json").read_text())
    assert "python:1-3.11-" in container["image"]
    assert container["postCreateCommand"] == f"pipx install uv=={UV_VERSION} && uv sync"
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
    assert str(grading) in result.stdout


@pytest.mark.parametrize("deployment", ["fork", "classroom"])
def test_every_week_with_a_graded_homework_exports(tmp_path, deployment):
    assert set(EXPORTABLE_WEEKS) <= set(STARTER_WEEKS)
    for week in EXPORTABLE_WEEKS:
        exported = export_week(week, tmp_path / f"week-{week}", deployment)
        readme = (exported.student / "README.md").read_text()
        assert "**Due " in readme and "## The homework" in readme
        workflow = (exported.student / ".github/workflows/visible-tests.yml").read_text()
        assert re.search(r"Visible tests \((hw\d\d)\)", workflow)


def test_mistakes_are_one_line_messages(tmp_path):
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "file").write_text("mine")
    cases = [
        (("export", "week-03", "--out", str(tmp_path / "a")), "hw02 is a worksheet"),
        (("export", "week-09", "--out", str(tmp_path / "b")), "week-09 has no starter yet"),
        (("export", "week-04", "--out", str(taken)), "already exists and is not empty"),
        (
            ("export", "4", "--out", str(tmp_path / "c"), "--grading-out", str(tmp_path / "d")),
            "--grading-out is for the classroom deployment only",
        ),
    ]
    for arguments, message in cases:
        result = run_course(*arguments)
        assert result.returncode == 2, (arguments, result.stdout)
        assert message in result.stderr and "Traceback" not in result.stderr
    assert (taken / "file").read_text() == "mine"
