"""The capstone reference (`solutions/conduit`, the RealWorld API) passes its own contract
tests, as a student's environment runs them, on SQLite and on PostgreSQL."""

from pathlib import Path

from courseware.paths import REPO_ROOT
from tests.support.commands import run_week_suite

CONDUIT = REPO_ROOT / "solutions" / "conduit"


def failures(outcomes: dict[str, str]) -> list[str]:
    return sorted(test for test, outcome in outcomes.items() if outcome == "failed")


def test_the_capstone_reference_passes_its_tests_on_sqlite(tmp_path: Path) -> None:
    outcomes = run_week_suite(CONDUIT, tmp_path / "junit.xml")
    assert not failures(outcomes), failures(outcomes)
    assert list(outcomes.values()).count("passed") >= 200, "the suite lost tests"


def test_the_capstone_reference_passes_its_tests_on_postgresql(
    tmp_path: Path, postgres_database: str
) -> None:
    outcomes = run_week_suite(
        CONDUIT, tmp_path / "junit.xml", CONDUIT_TEST_DATABASE_URL=postgres_database
    )
    assert not failures(outcomes), failures(outcomes)
    assert list(outcomes.values()).count("passed") >= 200, "the suite lost tests"
