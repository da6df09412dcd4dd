"""An app that did not start, told in one sentence and one traceback of the student's own code.

The output of a failed boot is mostly frames of uvicorn, importlib and the grader's Python:
paths of the grading machine that help nobody. The student needs the error and where it is in
their repository ("SyntaxError in coursehub/routes/courses.py line 55"), then the frames of
their files, relative to the repository, in a code block nothing can close.
"""

import re
from dataclasses import dataclass

STARTUP_LINES = 20
STARTUP_LINE_CHARS = 160
_FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+)(?:, in (.+))?$')
_ERROR = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure))(?::\s?(.*))?$"
)
_PATH = re.compile(r"(?<![\w.])/[^\s\"':,()]+")


@dataclass(frozen=True)
class StartupFailure:
    sentence: str  # "SyntaxError in coursehub/routes/courses.py line 55: unmatched ')'"
    block: str  # the traceback of the student's frames, as a Markdown code block


def startup_failure(output: str, submission_root: str) -> StartupFailure:
    """What the student is told of a boot that failed, from everything it printed."""
    lines = output.rstrip().splitlines()
    start = max((i for i, line in enumerate(lines) if line.startswith("Traceback")), default=None)
    if start is None:
        return StartupFailure(
            "", code_block(_clipped(lines[-STARTUP_LINES:]) or ["(it printed nothing)"])
        )
    root = submission_root.rstrip("/") + "/"
    kept: list[str] = ["Traceback (most recent call last):"]
    error, where, keep_code = "", "", False
    for line in lines[start + 1 :]:
        frame = _FRAME.match(line)
        if frame:
            path, number = frame.group(1), frame.group(2)
            keep_code = path.startswith(root)
            if keep_code:
                relative = path.removeprefix(root)
                where = f"{relative} line {number}"
                suffix = f", in {frame.group(3)}" if frame.group(3) else ""
                kept.append(f'  File "{relative}", line {number}{suffix}')
            continue
        found = _ERROR.match(line)
        if found and not line.startswith(" "):
            error = found.group(0)
            kept.append(_without_machine_paths(line, root))
            keep_code = False
        elif keep_code or (error and line.strip()):
            kept.append(_without_machine_paths(line, root))
    kind, _, message = error.partition(":")
    sentence = f"{kind or 'an error'} in {where}" if where else (kind or "")
    if message.strip():
        sentence += f": {_without_machine_paths(message.strip(), root)}"
    return StartupFailure(_clip(sentence), code_block(_clipped(kept[-STARTUP_LINES:])))


def _without_machine_paths(text: str, root: str) -> str:
    """The repository's own paths made relative; any other absolute path reduced to its name."""
    text = text.replace(root, "")
    return _PATH.sub(lambda m: "…/" + m.group(0).rsplit("/", 1)[-1], text)


def _clip(text: str, limit: int = STARTUP_LINE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clipped(lines: list[str]) -> list[str]:
    return [_clip(line.rstrip()) for line in lines]


def code_block(lines: list[str]) -> str:
    """Lines as a Markdown code block that nothing in them can close."""
    text = re.sub(r"`{3,}", "'''", "\n".join(lines))
    return f"```text\n{text}\n```"
