"""Every week's reference passes its own visible suite, and the probes of
`probes/probe_security.py` run beside it (forged tokens, huge ids, NUL bytes, headers,
settings, hashing off the event loop, concurrent joins), on SQLite and on PostgreSQL: one run
of the week's tests per database checks both. The probes are CourseHub's; the capstone weeks
(Conduit) run their own suite, whose token and hostile-input tests cover the same ground."""

import shutil
from pathlib import Path

import pytest

from courseware.term import CAPSTONE_WEEKS, STARTER_WEEKS, app_of_week, week_id
from tests.support.commands import run_week_suite

WEEKS = [pytest.param(week, id=week_id(week)) for week in STARTER_WEEKS]
PROBES = Path(__file__).parent / "probes" / "probe_security.py"


def probed(week: int, reference: Path, folder: Path) -> Path:
    shutil.copytree(reference, folder)
    if week not in CAPSTONE_WEEKS:
        shutil.copy(PROBES, folder / "tests" / "test_probe_security.py")
    return folder


def failed(week: int, outcomes: dict[str, str]) -> list[str]:
    """The week's own tests that did not pass, and the probes that failed (a probe may skip
    where the week has nothing it probes)."""
    probes = {test: outcome for test, outcome in outcomes.items() if "probe_security" in test}
    assert probes or week in CAPSTONE_WEEKS, "no probe ran"
    own = {test: outcome for test, outcome in outcomes.items() if test not in probes}
    assert own, "none of the week's own tests ran"
    return sorted(
        [test for test, outcome in own.items() if outcome != "passed"]
        + [test for test, outcome in probes.items() if outcome not in ("passed", "skipped")]
    )


@pytest.mark.parametrize("week", WEEKS)
def test_the_reference_passes_its_tests_and_every_probe_on_sqlite(week, reference_of, tmp_path):
    folder = probed(week, reference_of(week), tmp_path / "app")
    assert failed(week, run_week_suite(folder, tmp_path / "junit.xml")) == []


@pytest.mark.postgres
@pytest.mark.parametrize("week", WEEKS)
def test_the_reference_passes_its_tests_and_every_probe_on_postgresql(
    week, reference_of, tmp_path, postgres_database
):
    folder = probed(week, reference_of(week), tmp_path / "app")
    variable = f"{app_of_week(week).upper()}_TEST_DATABASE_URL"
    outcomes = run_week_suite(folder, tmp_path / "junit.xml", **{variable: postgres_database})
    assert failed(week, outcomes) == []
