"""Instructor-only blocks of a lesson page: answer keys and notes for whoever runs the session,
between two HTML comments on lines of their own:

    <!-- instructors: Answer key -->
    ... Markdown ...
    <!-- /instructors -->

The public site leaves each block out and its leak check treats the block's text as a secret;
the instructors' edition keeps it. A block is found by its markers alone, so a mistyped,
unclosed or nested marker would publish a key: each is a problem with the file and line. So is
the wording only a key uses ("answer key", "do not hand it out", "expected answers") outside a
block: that is a key someone forgot to wrap.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from courseware.errors import CourseError

_OPEN = re.compile(r"^(?P<indent>[ \t]*)<!--\s*instructors\s*:\s*(?P<label>.*?)\s*-->\s*$", re.I)
_CLOSE = re.compile(r"^[ \t]*<!--\s*/\s*instructors\s*-->\s*$", re.I)
# Anything that looks like a marker, well formed or not.
_MARKER_LIKE = re.compile(r"<!--\s*/?\s*instructors\b", re.I)

KEY_WORDING = re.compile(
    r"\banswer[ -]keys?\b|\bdo not hand (?:it|this|them) out\b|\bexpected (?:answers|findings)\b",
    re.I,
)

MARKERS_HELP = "`<!-- instructors: Answer key -->` ... `<!-- /instructors -->`"


@dataclass(frozen=True)
class InstructorBlock:
    label: str  # what the opening marker names, e.g. "Answer key"
    indent: str  # the opening marker's indentation
    first_line: int  # the opening marker's line, counted from 1
    last_line: int  # the closing marker's line
    lines: tuple[str, ...]  # the Markdown between the markers


@dataclass(frozen=True)
class MarkedText:
    """A page's text cut at its markers: what lies outside the blocks, and the blocks."""

    pieces: tuple[str | InstructorBlock, ...]  # lines outside blocks, and blocks, in order
    problems: tuple[str, ...]

    @property
    def blocks(self) -> list[InstructorBlock]:
        return [piece for piece in self.pieces if isinstance(piece, InstructorBlock)]

    @property
    def public_lines(self) -> list[str]:
        return [piece for piece in self.pieces if isinstance(piece, str)]


def read_blocks(text: str, shown: str) -> MarkedText:
    """Cut `text` (a whole file, so that line numbers are the file's) at its markers."""
    pieces: list[str | InstructorBlock] = []
    problems: list[str] = []
    opened: tuple[int, str, str] | None = None  # line, label, indentation
    inside: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        opening, closing = _OPEN.match(line), _CLOSE.match(line)
        if opening:
            if opened is not None:
                problems.append(
                    f"{shown}:{number}: an instructors block opens inside the one opened on "
                    f"line {opened[0]}; close that one first with `<!-- /instructors -->`"
                )
                continue
            if not opening.group("label"):
                problems.append(
                    f"{shown}:{number}: name the instructors block after the colon, "
                    "e.g. `<!-- instructors: Answer key -->`"
                )
            opened, inside = (number, opening.group("label"), opening.group("indent")), []
        elif closing:
            if opened is None:
                problems.append(
                    f"{shown}:{number}: `<!-- /instructors -->` closes no block; open one with "
                    "`<!-- instructors: Label -->` or delete this line"
                )
                continue
            start, label, indent = opened
            pieces.append(InstructorBlock(label, indent, start, number, tuple(inside)))
            opened = None
        elif _MARKER_LIKE.search(line):
            problems.append(
                f"{shown}:{number}: an instructors marker must be a line of its own, exactly "
                f"{MARKERS_HELP}"
            )
        elif opened is not None:
            inside.append(line)
        else:
            pieces.append(line)
    if opened is not None:
        problems.append(
            f"{shown}:{opened[0]}: the instructors block `{opened[1]}` is never closed; end it "
            "with a line `<!-- /instructors -->`"
        )
    return MarkedText(tuple(pieces), tuple(problems))


def instructor_problems(text: str, shown: str) -> list[str]:
    """Every problem of a page's markers, or else every key left outside a block."""
    marked = read_blocks(text, shown)
    if marked.problems:  # until the markers pair up, which lines are published is unclear
        return list(marked.problems)
    hidden = {n for block in marked.blocks for n in range(block.first_line, block.last_line + 1)}
    return [
        f"{shown}:{number}: {found.group(0)!r} outside an instructors block; wrap the key in "
        f"{MARKERS_HELP} so that only the instructors' edition shows it"
        for number, line in enumerate(text.splitlines(), start=1)
        if number not in hidden and (found := KEY_WORDING.search(line))
    ]


def replace_blocks(
    text: str, shown: str, replacement: Callable[[InstructorBlock], list[str]]
) -> str:
    """`text` with each block (markers included) replaced by the lines `replacement` gives."""
    marked = read_blocks(text, shown)
    if marked.problems:
        raise CourseError(marked.problems[0])
    lines: list[str] = []
    for piece in marked.pieces:
        lines += [piece] if isinstance(piece, str) else replacement(piece)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")
