"""`course check-project DIR`: the reference capstone passes every row; a small project with
one planted defect fails exactly the row of that defect, saying what to fix."""

import json
import shutil
from pathlib import Path

import pytest

from autograder.project.check import ROWS
from courseware.paths import REPO_ROOT
from tests.support.commands import run_course
from tests.support.markers import needs_bubblewrap

pytestmark = needs_bubblewrap

PANTRY = Path(__file__).parent / "fixtures" / "pantry"
CONDUIT = REPO_ROOT / "solutions" / "conduit"


def check(folder: Path, tmp_path: Path) -> tuple[int, dict[str, dict]]:
    out = tmp_path / "result.json"
    ran = run_course(
        "check-project", str(folder), "--examples", "10", "--json", str(out), timeout=600
    )
    assert ran.returncode in (0, 1), ran.stdout + ran.stderr
    assert "Score:" in ran.stdout  # the summary `course grade` prints
    result = json.loads(out.read_text())
    assert [row["name"] for row in result["tests"]] == list(ROWS.values())
    return ran.returncode, {row["name"]: row for row in result["tests"]}


def failed(rows: dict[str, dict]) -> list[str]:
    return [name for name, row in rows.items() if row["status"] == "failed"]


def pantry(tmp_path: Path) -> Path:
    return shutil.copytree(PANTRY, tmp_path / "pantry")


def test_the_capstone_reference_passes_every_row(tmp_path):
    code, rows = check(CONDUIT, tmp_path)
    assert failed(rows) == [] and code == 0
    assert "python -m conduit" in rows[ROWS["readme"]]["output"]
    assert "users: primary key id" in rows[ROWS["entities"]]["output"]


def test_the_small_project_passes_every_row(tmp_path):
    code, rows = check(PANTRY, tmp_path)
    assert failed(rows) == [] and code == 0


def test_a_failing_test_fails_the_tests_row_and_names_it(tmp_path):
    project = pantry(tmp_path)
    (project / "tests" / "test_broken.py").write_text(
        "def test_the_shelf_is_never_empty():\n    assert [] == ['rice']\n"
    )
    code, rows = check(project, tmp_path)
    assert failed(rows) == [ROWS["tests"]] and code == 1
    assert "tests/test_broken.py::test_the_shelf_is_never_empty" in rows[ROWS["tests"]]["output"]


def test_two_entities_fail_the_entities_row_with_what_to_add(tmp_path):
    project = pantry(tmp_path)
    migration = project / "migrations" / "versions" / "0001_pantry_schema.py"
    text = migration.read_text()
    items = text.index('    op.create_table(\n        "items"')
    text = text[:items] + text[text.index("def downgrade"):]  # fmt: skip
    migration.write_text(text.replace('    op.drop_table("items")\n', "").replace(
        "def downgrade", "\n\ndef downgrade"
    ))  # fmt: skip
    code, rows = check(project, tmp_path)
    assert failed(rows) == [ROWS["entities"]] and code == 1
    output = rows[ROWS["entities"]]["output"]
    assert "at least 3 tables with a primary key (found 2: pantries, shelves)" in output
    assert "a CHECK constraint" in output


def test_a_downgrade_that_leaves_a_table_fails_the_migrations_row(tmp_path):
    project = pantry(tmp_path)
    migration = project / "migrations" / "versions" / "0001_pantry_schema.py"
    migration.write_text(migration.read_text().replace('    op.drop_table("pantries")\n', ""))
    code, rows = check(project, tmp_path)
    assert failed(rows) == [ROWS["migrations"]] and code == 1
    assert "still there: pantries" in rows[ROWS["migrations"]]["output"]


def test_a_route_that_raises_fails_the_fuzz_row_naming_the_operation(tmp_path):
    project = pantry(tmp_path)
    main = project / "pantry" / "main.py"
    main.write_text(
        main.read_text()
        + '\n\n@app.get("/shelves/{shelf_id}")\nasync def read_shelf(shelf_id: int) -> dict:\n'
        + '    raise RuntimeError("planted")\n'
    )
    code, rows = check(project, tmp_path)
    assert failed(rows) == [ROWS["fuzz"]] and code == 1
    output = rows[ROWS["fuzz"]]["output"]
    assert "GET /shelves/{shelf_id}" in output and "curl -X GET" in output


def test_a_readme_without_commands_fails_the_readme_row_with_what_to_write(tmp_path):
    project = pantry(tmp_path)
    (project / "README.md").write_text("# Pantry\n\nWhat is on the shelves.\n")
    code, rows = check(project, tmp_path)
    assert failed(rows) == [ROWS["readme"]] and code == 1
    output = rows[ROWS["readme"]]["output"]
    assert "no command that runs the app" in output and "uv run python -m pantry" in output
    assert "no command that runs the tests" in output


@pytest.mark.parametrize("make", ["missing", "no-pyproject"])
def test_a_folder_that_is_not_a_project_is_refused_with_exit_2(tmp_path, make):
    folder = tmp_path / "notes"
    if make == "no-pyproject":
        folder.mkdir()
        (folder / "README.md").write_text("# Notes\n")
    ran = run_course("check-project", str(folder))
    assert ran.returncode == 2
    assert ran.stderr.count("\n") == 1
    assert ("no pyproject.toml" if make == "no-pyproject" else "no project folder") in ran.stderr
