"""A generated class of week-4 submissions: honest, partial, broken and hostile.

Each kind is one change to week 4's reference (or starter), written the way a student or an
attacker would write it. The grader must give every one of them a row with an honest score.
"""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from courseware.paths import COURSEHUB_DIR
from courseware.render import render_week, starter_path

ROUTES = "coursehub/routes/courses.py"
MAIN = "coursehub/main.py"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: {old!r} not found"
    path.write_text(text.replace(old, new, 1))


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def no_delete(app: Path) -> None:
    route = '@router.delete(\n    "/{course_id}"'
    _edit(app / ROUTES, route, route.replace("}", "}/gone"))


def no_patch(app: Path) -> None:
    route = '@router.patch(\n    "/{course_id}"'
    _edit(app / ROUTES, route, route.replace("}", "}/edit"))


def create_returns_200(app: Path) -> None:
    _edit(app / ROUTES, "status_code=status.HTTP_201_CREATED", "status_code=status.HTTP_200_OK")


def duplicate_codes_crash(app: Path) -> None:
    services = app / "coursehub/services/courses.py"
    _edit(services, "    await _ensure_code_is_free(session, data.code, course_id=None)\n", "")
    _edit(
        services,
        'await commit_or_conflict(session, f"A course with code {data.code!r} already exists.")',
        "await session.commit()",
    )


def syntax_error(app: Path) -> None:
    _append(app / MAIN, "\ndef broken(:\n")


def no_app(app: Path) -> None:
    shutil.rmtree(app / "coursehub")


def import_hangs(app: Path) -> None:
    _append(app / MAIN, "\nimport time\ntime.sleep(3600)\n")


def never_answers(app: Path) -> None:
    # The socket opens, but the event loop is blocked before any request is served.
    _edit(
        app / "coursehub/routes/health.py",
        "    try:\n",
        "    import time\n    time.sleep(3600)\n    try:\n",
    )


def crashes_mid_suite(app: Path) -> None:
    _edit(
        app / ROUTES,
        "    await course_service.delete_course(session, course_id)",
        "    import os\n    os._exit(1)",
    )


def one_endpoint_hangs(app: Path) -> None:
    # An endless loop in one route (PATCH: fewer checks reach it than GET, and each one
    # that does costs the grader a timeout, a restart and a retry alone).
    _edit(
        app / ROUTES,
        "    return await course_service.update_course(session, course_id, data)",
        "    while True:\n        pass",
    )


def floods_output(app: Path) -> None:
    _edit(
        app / ROUTES,
        '    """Every course, ordered by code."""\n',
        '    """Every course, ordered by code."""\n    print("x" * 1_000_000, flush=True)\n',
    )


def fork_bomb(app: Path) -> None:
    _append(
        app / MAIN,
        "\nimport os\nwhile True:\n    try:\n        os.fork()\n"
        "    except OSError:\n        pass\n",
    )


def memory_bomb(app: Path) -> None:
    _append(app / MAIN, "\nhog = bytearray(8 * 1024**3)\n")


def reads_hidden_tests(app: Path) -> None:
    # Tries to find the hidden suite and the solutions, and to publish what it finds.
    _append(
        app / MAIN,
        "\nimport pathlib\nSTOLEN = [str(p) for root in ('/work', '/root', '/home', '/tmp') "
        "for p in pathlib.Path(root).rglob('test_hw03_hidden*')][:5]\n"
        "if STOLEN:\n    raise SystemExit(f'found {STOLEN}')\n",
    )


def writes_results(app: Path) -> None:
    # Tries to overwrite any results file the grader might write, then to fake a full score.
    _append(
        app / MAIN,
        "\nimport pathlib, json\nfor root in ('/work', '/tmp', '/grading'):\n"
        "    for p in pathlib.Path(root).rglob('*.json*'):\n"
        "        try:\n            p.write_text(json.dumps({'score': 100}))\n"
        "        except OSError:\n            pass\n",
    )


def planted_conftest(app: Path) -> None:
    (app / "tests/conftest.py").write_text(
        "import pytest\n\n@pytest.hookimpl(hookwrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    outcome = yield\n    outcome.get_result().outcome = 'passed'\n"
    )
    (app / "sitecustomize.py").write_text("import builtins\nbuiltins.__import__ = None\n")
    (app / "pytest.ini").write_text("[pytest]\naddopts = -p no:terminal\n")


def symlink_to_solution(app: Path) -> None:
    shutil.rmtree(app / "coursehub")
    os.symlink(COURSEHUB_DIR / "coursehub", app / "coursehub")


KINDS: dict[str, tuple[str, Callable[[Path], None] | None]] = {
    "honest": ("reference", None),
    "untouched-starter": ("starter", None),
    "partial-no-delete": ("reference", no_delete),
    "partial-no-patch": ("reference", no_patch),
    "partial-create-200": ("reference", create_returns_200),
    "partial-duplicate-crash": ("reference", duplicate_codes_crash),
    "broken-syntax-error": ("reference", syntax_error),
    "broken-no-app": ("reference", no_app),
    "broken-import-hangs": ("reference", import_hangs),
    "broken-never-answers": ("reference", never_answers),
    "broken-crash-mid-suite": ("reference", crashes_mid_suite),
    "hostile-endpoint-hangs": ("reference", one_endpoint_hangs),
    "hostile-output-flood": ("reference", floods_output),
    "hostile-fork-bomb": ("reference", fork_bomb),
    "hostile-memory-bomb": ("reference", memory_bomb),
    "hostile-reads-hidden-tests": ("reference", reads_hidden_tests),
    # On the starter: whatever they try, the honest score stays the starter's.
    "hostile-writes-results": ("starter", writes_results),
    "hostile-planted-conftest": ("starter", planted_conftest),
    "hostile-symlink-to-solution": ("reference", symlink_to_solution),
}


def build_submission(kind: str, destination: Path, reference: Path) -> Path:
    base, change = KINDS[kind]
    source = reference if base == "reference" else starter_path(4)
    shutil.copytree(source, destination)
    if change:
        change(destination)
    return destination


def build_class(class_dir: Path, size: int = 30) -> dict[str, str]:
    """`size` students cycling through every kind; returns {student: kind}."""
    reference = render_week(4, "reference", class_dir.parent / "week-04-reference")
    kinds = list(KINDS)
    roster = {}
    for index in range(size):
        kind = kinds[index % len(kinds)]
        student = f"student-{index + 1:02d}-{kind}"
        build_submission(kind, class_dir / student, reference)
        roster[student] = kind
    return roster
