"""Grading a migration (`autograder.grading.migration_check`): the student's migrations, run
in the sandbox on a copy of a week-11 database full of data, must keep every row, undo and
redo; the grader reads the database itself after each step."""

import dataclasses
import shutil
import tempfile
from pathlib import Path

import pytest

from autograder.grading.context import RunContext
from autograder.grading.migration_check import REFERENCE_RUNS, migration_records
from autograder.spec import load_assignment
from autograder.submission import safe_copy
from autograder.uids import leased_uids
from tests.support.markers import needs_bubblewrap

pytestmark = needs_bubblewrap
MIGRATION = "migrations/versions/0002_notes_can_be_pinned.py"


def rows_for(app: Path) -> list[tuple[str, str, str]]:
    assignment = dataclasses.replace(load_assignment("hw09"), week=12, upgrades_from_week=11)
    with tempfile.TemporaryDirectory(prefix="coursehub-") as scratch, leased_uids(2) as uids:
        work = Path(scratch)
        work.chmod(0o755)
        copy = safe_copy(app, work / "submission")
        context = RunContext(assignment, copy.root, work, [], uids[0], uids[1], seed=1)
        return [(r.name, r.outcome, r.message) for r in migration_records(context)]


@pytest.fixture
def week_12(reference_of, tmp_path) -> Path:
    app = tmp_path / "app"
    shutil.copytree(reference_of(12), app)
    return app


def test_the_reference_migration_keeps_every_row_and_undoes_and_redoes(week_12):
    assert [(name, outcome) for name, outcome, _ in rows_for(week_12)] == [
        ("a week 11 database is upgraded keeping every row", "passed"),
        ("the newest migration is undone keeping every row", "passed"),
        ("the migration is redone keeping every row", "passed"),
        ("autogenerate finds no drift from the models", "passed"),
    ]


def test_the_references_part_is_made_once_for_every_submission(week_12):
    """A batch grades a class in a few processes: the seed database and the reference's
    snapshots are made by the first grade and reused, with the same rows, by the next."""
    first = rows_for(week_12)
    runs = dict(REFERENCE_RUNS)
    second = rows_for(week_12)
    assert first == second and all(outcome == "passed" for _, outcome, _ in second)
    assert runs and all(REFERENCE_RUNS[key] is run for key, run in runs.items()), "made again"


def test_a_downgrade_that_loses_rows_is_caught_and_named(week_12):
    """Dropping the table and making it again gives the earlier schema, but no row."""
    migration = week_12 / MIGRATION
    text = migration.read_text()
    text = text.replace(
        """    with op.batch_alter_table("notes") as batch:
        batch.drop_column("pinned")""",
        """    op.execute("DELETE FROM notes")
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("pinned")""",
    )
    migration.write_text(text)
    rows = rows_for(week_12)
    assert [outcome for _, outcome, _ in rows] == ["passed", "failed", "failed", "failed"]
    assert "notes lost 15 of its 15 rows" in rows[1][2], rows[1][2]
    assert all(row[2].startswith("Not checked: the step before failed") for row in rows[2:])


def test_a_migration_that_drifts_from_the_models_is_caught(week_12):
    """A nullable column where the model says NOT NULL: the rows survive, the schema is not
    the models'."""
    migration = week_12 / MIGRATION
    migration.write_text(
        migration.read_text().replace(
            "server_default=sa.false(), nullable=False", "server_default=sa.false(), nullable=True"
        )
    )
    rows = rows_for(week_12)
    assert rows[0][1] == "failed"
    assert "notes.pinned is BOOLEAN; the models say BOOLEAN NOT NULL" in rows[0][2], rows[0][2]


def test_a_model_that_drifts_from_its_migrations_is_caught_by_autogenerate(week_12):
    """The migrations make the reference's schema, but the model says something else: the rows
    and the schema all match, and only `alembic check` can tell."""
    model = week_12 / "coursehub/models/note.py"
    text = model.read_text()
    drifted = text.replace(
        "pinned: Mapped[bool] = mapped_column(default=False, server_default=false())",
        "pinned: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)",
    )
    assert drifted != text, "the week-12 model's pinned column moved; update this test"
    model.write_text(drifted)
    rows = rows_for(week_12)
    assert [outcome for _, outcome, _ in rows] == ["passed", "passed", "passed", "failed"]
    assert "`alembic check` found a difference between models and migrations" in rows[3][2]
    assert "add_index" in rows[3][2], rows[3][2]


def test_a_migration_that_fails_says_which_command_and_why(week_12):
    (week_12 / MIGRATION).write_text(
        (week_12 / MIGRATION)
        .read_text()
        .replace(
            "def upgrade() -> None:\n",
            "def upgrade() -> None:\n    raise RuntimeError('not written yet')\n",
        )
    )
    rows = rows_for(week_12)
    assert rows[0][1] == "failed"
    assert (
        "`alembic upgrade head` did not finish: it failed: RuntimeError: not written yet"
        in rows[0][2]
    )
