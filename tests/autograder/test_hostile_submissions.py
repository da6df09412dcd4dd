"""A red team against the sandbox boundary: nothing a submission writes, prints or observes can
raise its score, hurt a classmate or reveal the hidden suite.

Each test is an attack that worked on an earlier grader, written as a student would write it,
and graded for real: bubblewrap, the live app, the hidden suite.
"""

import ast
import json
import socket
import subprocess
import sys
import threading

from autograder.grading.grade import grade
from autograder.spec import ASSIGNMENTS_DIR
from autograder.uids import FIRST_UID, POOL_SIZE, leased_uids, processes_of
from courseware.render import rendered_by_path
from tests.support.markers import needs_bubblewrap
from tests.support.processes import running
from tests.support.submissions import hostile

pytestmark = needs_bubblewrap


def hidden_literals(assignment: str) -> set[str]:
    """Strings of the hidden suite that nothing public contains: harvesting one is a leak."""
    public = "\n".join(
        content.decode("utf-8", "replace") for content in rendered_by_path(4, "reference").values()
    )
    found = set()
    for path in (ASSIGNMENTS_DIR / assignment / "hidden").glob("*.py"):
        tree = ast.parse(path.read_text())
        # Docstrings are the contracts' own sentences: a student is meant to read them.
        documented = [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]
        sentences = {ast.get_docstring(node, clean=False) for node in documented}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in sentences:
                    continue
                value = node.value.strip()
                if len(value) >= 8 and "\n" not in value and value not in public:
                    found.add(value)
    return found


def everything_said(result) -> str:
    """What a grade tells the student beyond the checks' names (which are the suite's own)."""
    return "\n".join([*result.notes, *(test.output for test in result.tests)])


HARVEST = """
import os as _os
from pathlib import Path as _Path
from starlette.responses import PlainTextResponse as _Text

_work = _Path(_os.environ["DATABASE_URL"].split("///", 1)[1]).parent
_log = _work / "harvest.log"
if _log.exists():  # a restart: tell the student what the last run saw
    print(_log.read_text(), flush=True)
    raise SystemExit(1)
_seen = []


@app.middleware("http")
async def _harvest(request, call_next):
    body = (await request.body()).decode(errors="replace")
    _seen.append(f"{request.method} {request.url.path}?{request.url.query} {body}")
    with _log.open("a") as handle:
        handle.write(_seen[-1] + "\\n")
    if len(_seen) == 230:
        _os._exit(1)  # be restarted, so that the next boot prints the log
    if len(_seen) > 40 and request.url.path != "/health":
        return _Text(" | ".join(reversed(_seen[-30:])), status_code=400)  # echo, newest first
    return await call_next(request)
"""


def test_an_app_that_harvests_the_hidden_requests_shows_the_student_none_of_them(
    tmp_path, reference_of
):
    """It logs every request, echoes the log in its answers and prints it when restarted."""
    submission = hostile(reference_of(4), tmp_path / "harvester", HARVEST)
    result = grade("hw03", submission)
    said = everything_said(result)
    leaked = sorted(literal for literal in hidden_literals("hw03") if literal in said)
    assert leaked == []
    assert result.score < result.max_score
    assert isinstance(result.seed, int)


LINKS = """
import os as _os
import threading as _threading
from pathlib import Path as _Path

_work = _Path(_os.environ["DATABASE_URL"].split("///", 1)[1]).parent


def _plant():  # once the app is up: links where a grader may look, pointing at its host
    for _name, _target in {{"app.db-wal": {canary!r}, "app.sock": {evil!r}}}.items():
        try:
            _os.symlink(_target, _work / _name)
        except OSError:
            pass


_threading.Timer(1.0, _plant).start()
"""


def test_links_an_app_plants_in_its_work_folder_are_never_followed(tmp_path, reference_of):
    """A link where the database or the socket is expected points at the grader's host: the
    grader must neither create a file there nor talk to what listens there."""
    canary = tmp_path / "host" / "planted.py"
    canary.parent.mkdir()
    evil_path = tmp_path / "host" / "evil.sock"
    evil = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    evil.bind(str(evil_path))
    evil.listen(8)
    evil.settimeout(0.2)
    connections: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = evil.accept()
            except TimeoutError:
                continue
            connections.append(1)
            connection.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
            connection.close()

    listener = threading.Thread(target=accept, daemon=True)
    listener.start()
    try:
        code = LINKS.format(canary=str(canary), evil=str(evil_path))
        result = grade("hw03", hostile(reference_of(4), tmp_path / "linker", code))
    finally:
        stop.set()
        listener.join()
        evil.close()
    assert not canary.exists() and not canary.is_symlink()
    assert connections == []
    # Checks that do not read the database still pass: the links cost only the app itself.
    assert any(test.status == "passed" for test in result.tests)


def test_the_test_data_is_new_in_every_grade_and_repeats_with_its_seed(tmp_path, reference_of):
    first = grade("hw03", reference_of(4))
    second = grade("hw03", reference_of(4))
    again = grade("hw03", reference_of(4), seed=first.seed)
    assert first.score == second.score == first.max_score
    assert first.seed != second.seed
    assert again.to_dict() == first.to_dict()


TELL_APART = '''
import os
import sys
from pathlib import Path


def looks_like_the_reference_run():
    """Anything but the app's answers that an earlier grader let differ between runs."""
    mounts = Path("/proc/self/mountinfo").read_text()
    return "-x" not in sys.argv or "reference" in mounts or "reference" in os.getcwd()


def test_passes_on_the_reference_only(client):
    assert looks_like_the_reference_run()
'''


def test_a_test_suite_that_tells_the_runs_apart_catches_nothing(tmp_path, reference_of):
    """HW1: the reference run and the mutant runs must look alike to the student's tests."""
    submission = hostile(reference_of(2), tmp_path / "detector", "")
    (submission / "tests" / "test_hw01_detector.py").write_text(TELL_APART)
    result = grade("hw01", submission, jobs=2)
    assert result.score == 0, [test.name for test in result.tests if test.status == "passed"]


FORK_HOLD = """
import os as _os

for _ in range(60):  # hold nearly all of the uid's processes while the grade runs
    if _os.fork() == 0:
        _os.execvp("sleep", ["sleep", "3599.5"])
"""


def test_a_fork_holding_student_never_costs_a_neighbour_graded_at_the_same_time(
    tmp_path, reference_of
):
    """Two graders started independently (a batch and a TA's single grade): the hostile one
    holds its uid's process limit, the honest one must not notice."""
    attacker = hostile(reference_of(4), tmp_path / "forker", FORK_HOLD)
    results = {}
    thread = threading.Thread(target=lambda: results.setdefault("hostile", grade("hw03", attacker)))
    thread.start()
    honest = grade("hw03", reference_of(4))
    thread.join()
    assert honest.score == honest.max_score
    assert results["hostile"].tests
    # Nothing of it is left running once its grade is over.
    assert running("sleep 3599.5") == []


HOLD_LEASE = """
import json, sys
from autograder.uids import leased_uids
with leased_uids(2) as uids:
    print(json.dumps(uids), flush=True)
    sys.stdin.readline()
"""


def test_graders_started_independently_never_share_a_uid():
    """Another grader in another process holds two uids; this one gets two others."""
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_LEASE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        theirs = set(json.loads(other.stdout.readline()))
        with leased_uids(2) as mine:
            assert theirs.isdisjoint(mine)
            assert all(FIRST_UID <= uid < FIRST_UID + POOL_SIZE for uid in mine)
            assert not [pid for uid in mine for pid in processes_of(uid)]
    finally:
        other.communicate("\n", timeout=30)


def test_a_hidden_check_never_quotes_the_apps_answer(tmp_path, reference_of):
    """An app whose every error carries a marker: no hidden row may repeat it."""
    marker = "EXFILTRATED-MARKER-7731"
    code = f"""
from starlette.responses import JSONResponse as _Json


@app.middleware("http")
async def _answer(request, call_next):
    if request.method in ("POST", "PATCH", "DELETE"):
        return _Json({{"detail": "{marker} " + request.url.path, "code": "{marker}"}}, 409)
    return await call_next(request)
"""
    result = grade("hw03", hostile(reference_of(4), tmp_path / "echo", code))
    rows = [test for test in result.tests if test.visibility != "visible"]
    assert rows and all(marker not in test.output for test in rows)


FILL_DISK = """
import os as _os
from pathlib import Path as _Path

_work = _Path(_os.environ["DATABASE_URL"].split("///", 1)[1]).parent
_written = 0
try:  # many files, each under the per-file limit, until the folder is full
    for _index in range(12):
        (_work / f"fill-{_index}.bin").write_bytes(b"x" * 50 * 2**20)
        _written += 50
except OSError:
    pass
for _index in range(12):
    (_work / f"fill-{_index}.bin").unlink(missing_ok=True)
if _written >= 600:
    raise SystemExit("wrote 600 MB of the grader's disk")
"""


def test_an_app_cannot_fill_the_graders_disk(tmp_path, reference_of):
    """The work folder is a sized tmpfs: writing past it fails in the app, not on the host."""
    result = grade("hw03", hostile(reference_of(4), tmp_path / "filler", FILL_DISK))
    assert result.score == result.max_score, result.notes


TELLS = """
import os as _os
import sys as _sys

_seen = "\\n".join(
    [open("/proc/self/mountinfo").read(), " ".join(_sys.argv), _os.getcwd()]
    + [f"{_key}={_value}" for _key, _value in _os.environ.items()]
)
_words = ("grade", "hw0", "hidden", "suite", "mutant")
_tells = [_word for _word in _words if _word in _seen.lower()]
if _tells:
    raise SystemExit("graded, I can tell: " + ", ".join(_tells))
"""


def test_an_app_cannot_tell_from_its_paths_or_environment_which_grade_runs_it(
    tmp_path, reference_of
):
    """Nothing the app sees of its mounts, argv, folder or environment names the grade, the
    assignment or the suite: an app that would misbehave when graded has nothing to go on."""
    result = grade("hw03", hostile(reference_of(4), tmp_path / "teller", TELLS))
    assert result.score == result.max_score, result.notes
