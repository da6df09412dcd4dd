"""What a failed check tells the student, in the test author's words, never test code."""

import re

import pytest

MAX_MESSAGE = 600


def student_message(report: pytest.TestReport) -> str:
    """What went wrong, in the test author's words, never quoting test code.

    pytest's crash message is either the author's text (`assert ok, "expected 201, got 500"`),
    possibly followed by pytest's rewritten expression, or only that expression; the
    expression is test code (and may hold tokens), so it is never shown.
    """
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else ""
    if "Timeout" in text:
        return "No answer in time: the request hung (look for an endless loop or a blocking call)."
    if text.startswith("Failed: "):
        return clip(text.removeprefix("Failed: "))
    kind, _, rest = text.partition(": ")
    if text.startswith("assert ") or (kind == "AssertionError" and rest.startswith("assert ")):
        return ""
    if kind == "AssertionError" or "\nassert " in text:
        return clip(text.removeprefix("AssertionError: ").split("\nassert ")[0])
    if kind.startswith("httpx.") or kind in {"ReadTimeout", "ConnectError", "RemoteProtocolError"}:
        return "Your app did not answer (it crashed, hung or closed the connection)."
    if "JSONDecodeError" in kind:
        return "Your app answered with a body that is not JSON."
    if kind in {"KeyError", "TypeError", "IndexError", "StopIteration", "AttributeError"}:
        return "The response does not have the shape the contract describes (a missing field?)."
    if "Error" not in kind and "\n" not in text and text:
        # The author's message of a plain `assert cond, message`.
        return clip(text)
    return ""


def clip(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
