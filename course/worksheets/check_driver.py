"""Run a worksheet's checks in a fresh interpreter that never ran a line of student code.

This file is copied into the sandbox and run as `python -I check_driver.py CHECKS_JSON`; it
imports nothing of the project. CHECKS_JSON (written by the grader) holds the instructor's
locked cells and check cells, in the source notebook's order, and the student's answers as
plain data, exported from the student's kernel. The answers are rebuilt here from JSON
(str, numbers, lists, tuples, sets, dicts), so no object of the student's (one equal to
anything, one that patches a module) ever reaches a check, and nothing the student's kernel
defined (a helper, a hook, a patched `sqlite3`) exists in this interpreter.

It prints one line per check: the run's marker, then JSON
`{"grade_id", "passed", "error", "message", "hidden_line"}`.
"""

import contextlib
import io
import json
import signal
import sqlite3
import sys
import time
import traceback
from typing import Any

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


class Unreadable:
    """An answer of a kind JSON cannot carry (a function, a class, a DataFrame): the checks
    see this instead, and its own isinstance checks fail with the author's words."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<an answer of type {self.kind}, which the grader cannot read>"


def rebuilt(value: Any) -> Any:
    """Plain data from the export's tagged JSON: {"tuple": [...]}, {"set": [...]},
    {"frozenset": [...]}, {"dict": [[key, value], ...]}, {"unreadable": "type name"}.
    Anything else (the export is the student kernel's to print) reads as Unreadable."""
    if isinstance(value, list):
        return [rebuilt(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) != 1:
        return Unreadable("malformed data")
    [(tag, content)] = value.items()
    try:
        if tag == "tuple":
            return tuple(rebuilt(item) for item in content)
        if tag == "set":
            return {rebuilt(item) for item in content}
        if tag == "frozenset":
            return frozenset(rebuilt(item) for item in content)
        if tag == "dict":
            return {rebuilt(key): rebuilt(item) for key, item in content}
    except (TypeError, ValueError):  # an unhashable member, a pair that is not a pair
        return Unreadable("malformed data")
    return Unreadable(str(content)[:80])


class TookTooLong(Exception):
    pass


class Deadline:
    """A wall-clock limit per check, for Python code (an alarm) and for SQL (a progress
    handler on every SQLite connection: a query that never ends is stopped inside SQLite)."""

    def __init__(self) -> None:
        self.until = float("inf")
        connect = sqlite3.connect

        def limited_connect(*arguments: Any, **options: Any) -> sqlite3.Connection:
            connection = connect(*arguments, **options)
            connection.set_progress_handler(lambda: int(time.monotonic() > self.until), 10_000)
            return connection

        sqlite3.connect = limited_connect  # type: ignore[assignment]

    @contextlib.contextmanager
    def limit(self, seconds: float):  # type: ignore[no-untyped-def]
        def alarm(_signum: int, _frame: object) -> None:
            raise TookTooLong(f"the check took longer than {seconds:g} s")

        self.until = time.monotonic() + seconds
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.until = float("inf")


def hidden_lines(source: str) -> set[int]:
    """The line numbers (from 1) between the hidden-test delimiters."""
    lines, inside = set(), False
    for number, line in enumerate(source.splitlines(), start=1):
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        elif inside:
            lines.add(number)
    return lines


def failure(
    error: BaseException, filename: str, source: str, answer_names: list[str]
) -> dict[str, Any]:
    """What went wrong, and whether the failing line is a hidden one."""
    if isinstance(error, sqlite3.OperationalError) and str(error) == "interrupted":
        error = TookTooLong("a query of the check took too long and was stopped")
    if isinstance(error, NameError) and error.name in answer_names:
        # A name of the worksheet's, not of the test: safe to say, wherever the line is.
        message = f"{error.name} has no value: its answer cell raised an error or never set it"
        return {"passed": False, "error": "MissingAnswer", "message": message, "assertion": True}
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return {
        "passed": False,
        "error": type(error).__name__,
        "message": str(error)[:500],
        "assertion": isinstance(error, AssertionError),
        "hidden_line": line in hidden_lines(source) if line is not None else False,
    }


def main(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        checks = json.load(handle)
    marker, seconds = checks["marker"], float(checks["seconds_per_check"])
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for name, value in checks["answers"].items():
        try:
            namespace[name] = rebuilt(value)
        except RecursionError:
            namespace[name] = Unreadable("data nested too deep")
    deadline = Deadline()
    broken_setup: dict[str, Any] | None = None
    real_stdout = sys.stdout
    for cell in checks["cells"]:
        filename = f"<cell {cell['grade_id']}>"
        result: dict[str, Any] = {"passed": True}
        if broken_setup is not None and cell["kind"] == "check":
            result = broken_setup
        else:
            printed = io.StringIO()
            try:
                code = compile(cell["source"], filename, "exec")
                with (
                    deadline.limit(seconds),
                    contextlib.redirect_stdout(printed),
                    contextlib.redirect_stderr(printed),
                ):
                    exec(code, namespace)  # noqa: S102 (the instructor's own cells)
            except BaseException as error:
                result = failure(error, filename, cell["source"], checks["answer_names"])
        if cell["kind"] == "setup":
            if not result["passed"]:
                broken_setup = result | {"message": f"the setup cell failed: {result['message']}"}
            continue
        real_stdout.write(marker + json.dumps({"grade_id": cell["grade_id"], **result}) + "\n")
        real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
