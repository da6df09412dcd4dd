"""Time limits that judge the app, never the machine.

A slow boot is the app's own business, within `startup_seconds`; it must never eat the first
check's time. A check that runs out of time is run again, alone, on a freshly started app, and
only a second time-out counts against the student.
"""

from autograder.grading.grade import grade
from tests.support.markers import needs_bubblewrap
from tests.support.submissions import hostile

pytestmark = needs_bubblewrap

# Longer than a check's limit (8 s for hw03), well within the boot's (20 s).
SLOW_BOOT = """
import time as _time

_time.sleep(10)
"""

# One request, deep into the run, hangs once: what a starved machine does to a check.
ONE_STALL = """
import asyncio as _asyncio

_served = [0]


@app.middleware("http")
async def _stall_once(request, call_next):
    _served[0] += 1
    if _served[0] == 40:
        await _asyncio.sleep(60)
    return await call_next(request)
"""


def test_a_slow_boot_is_never_charged_to_the_first_check(tmp_path, reference_of):
    result = grade("hw03", hostile(reference_of(4), tmp_path / "slow-boot", SLOW_BOOT))
    failed = [test.name for test in result.tests if test.status != "passed"]
    assert failed == [] and result.score == result.max_score, result.notes


def test_a_check_that_runs_out_of_time_once_is_run_again_alone_and_counts_then(
    tmp_path, reference_of
):
    result = grade("hw03", hostile(reference_of(4), tmp_path / "stall", ONE_STALL))
    assert result.score == result.max_score, [t.output for t in result.tests if t.output]
    assert any("ran out of time, were run again alone" in note for note in result.notes)
    assert not any("restarted" in note for note in result.notes), result.notes
