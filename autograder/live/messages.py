"""What a failed check tells the student, in the test author's words, never test code.

A hidden check says less: its contract sentence (the test's docstring), the status, the route
and field names, in the grader's words only. The author's assertion message is left out there,
because it may quote the app's answer, and an app can put into its answers whatever it saw of
the hidden suite.
"""

import re
from pathlib import Path

import pytest

MAX_MESSAGE = 600
NOT_RUN_NO_APP = "Not run: your app did not start (the note above says why)."
_FIELD = re.compile(r"KeyError: '([A-Za-z_][A-Za-z0-9_]{0,39})'")
_ROUTE_WORD = re.compile(r"[a-z][a-z_-]{0,30}")
# Errors of test code reading a response that lacks what the contract promises.
SHAPE_ERRORS = {"KeyError", "TypeError", "IndexError", "StopIteration", "AttributeError"}


def student_message(report: pytest.TestReport, *, author_words: bool = True) -> str:
    """What went wrong, in the test author's words, never quoting test code.

    pytest's crash message is either the author's text (`assert ok, "expected 201, got 500"`),
    possibly followed by pytest's rewritten expression, or only that expression; the
    expression is test code (and may hold tokens), so it is never shown. Without
    `author_words` (a hidden check), only the grader's own sentences are.
    """
    text = crash_text(report)
    if "Timeout" in text:
        return "No answer in time: the request hung (look for an endless loop or a blocking call)."
    if not author_words:
        return grader_words(text)
    if text.startswith("Failed: "):
        return clip(text.removeprefix("Failed: "))
    kind, _, rest = text.partition(": ")
    if text.startswith("assert ") or (kind == "AssertionError" and rest.startswith("assert ")):
        return ""
    if kind == "AssertionError" or "\nassert " in text:
        return clip(text.removeprefix("AssertionError: ").split("\nassert ")[0])
    if sentence := sentence_for(kind):
        return sentence
    if "Error" not in kind and "\n" not in text and text:
        # The author's message of a plain `assert cond, message`.
        return clip(text)
    return ""


_COMPARISON = re.compile(r"^(?:AssertionError: )?assert (.+?) (==|!=) (.+)$")
_TOKEN = re.compile(r"eyJ[\w-]*\.[\w-]*\.[\w-]*")
VALUE_CHARS = 120


def comparison(report: pytest.TestReport, *, values: bool) -> str:
    """Expected and actual of a bare `assert actual == expected`: the status of a response
    always, the two values only with `values` (a visible check, whose data is the student's
    own to see). Tests put what the app gave on the left, as pytest's own messages do."""
    text = crash_text(report)
    lines = text.splitlines()
    # After an author's message ("expected 201, got 200"), pytest's own comparison follows.
    found = next(filter(None, map(_COMPARISON.match, lines)), None)
    if not found:
        return ""
    actual, operator, expected = found.groups()
    statuses = actual.isdigit() and expected.isdigit() and operator == "=="
    if statuses and ".status_code" in text:
        return f"Expected status {expected}, your app answered {actual}."
    if not values or found.string != lines[0]:
        return ""
    if operator == "!=":
        return f"Expected anything but {_value(expected)}, your app gave exactly that."
    return f"Expected {_value(expected)}, your app gave {_value(actual)}."


def _value(text: str) -> str:
    text = _TOKEN.sub("<token>", text.strip())
    text = text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"
    return "`" + text.replace("`", "'") + "`"


def failing_step(report: pytest.TestReport, test_file: str) -> str:
    """The line of the test that failed, as `line 73: assert body["member_count"] == 2`:
    the step a student looks at in their copy of a visible test."""
    entries = getattr(getattr(report.longrepr, "reprtraceback", None), "reprentries", [])
    for entry in reversed(entries):
        location = getattr(entry, "reprfileloc", None)
        if location is None or Path(location.path).name != test_file:
            continue
        code = [line[1:].strip() for line in getattr(entry, "lines", []) if line.startswith(">")]
        if code:
            statement = " ".join(code)
            statement = statement if len(statement) <= 160 else statement[:159] + "…"
            return f"line {location.lineno}: {_TOKEN.sub('<token>', statement)}"
    return ""


def crash_text(report: pytest.TestReport) -> str:
    """pytest's one-line crash message of a failed report ("" when it has none)."""
    crash = getattr(report.longrepr, "reprcrash", None)
    return crash.message if crash is not None else ""


# What a check that ran out of time fails with: pytest-timeout's limit, or the client's own.
TIMEOUT_ERRORS = {
    "ReadTimeout",
    "WriteTimeout",
    "ConnectTimeout",
    "PoolTimeout",
    "TimeoutException",
}


def timed_out(report: pytest.TestReport) -> bool:
    """The check failed on a time limit (so a busy machine may be the cause, not the app)."""
    text = crash_text(report)
    kind = text.partition(": ")[0].removeprefix("httpx.")
    return text.startswith("Failed: Timeout") or kind in TIMEOUT_ERRORS


def grader_words(text: str) -> str:
    """What the grader itself can say of a crash message, without repeating any of it."""
    kind = text.partition(": ")[0]
    if kind not in SHAPE_ERRORS and (sentence := sentence_for(kind)):
        return sentence
    if field := _FIELD.search(text):
        return f"The response has no field `{field.group(1)}` where the contract puts one."
    return sentence_for(kind)


def sentence_for(kind: str) -> str:
    """The grader's sentence for an exception of this kind ("" when it has none)."""
    if kind.startswith("httpx.") or kind in {"ReadTimeout", "ConnectError", "RemoteProtocolError"}:
        return "Your app did not answer (it crashed, hung or closed the connection)."
    if "JSONDecodeError" in kind:
        return "Your app answered with a body that is not JSON."
    if kind in SHAPE_ERRORS:
        return "The response does not have the shape the contract describes (a missing field?)."
    return ""


def route_of(path: str) -> str:
    """A request path with every value in it hidden: `/api/courses/{…}/groups`."""
    parts = path.split("?", 1)[0].split("/")
    return "/".join(part if not part or _ROUTE_WORD.fullmatch(part) else "{…}" for part in parts)


def clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
