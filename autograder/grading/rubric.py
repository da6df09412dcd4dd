"""The parts of a homework a person grades (`[[rubric]]` in its spec): one pending row each,
at 0 points, that tells the student whether the TA has anything to grade yet.

The grader never scores these files; it only says what a student can fix before the TA reads
them: the file is missing, it is still the starter's template, or some of its sections are
still empty. The TA's points reach the gradebook through the class's `manual.csv`
(`autograder.batch.manual`).
"""

import re
from pathlib import Path

from autograder.results.model import TestResult
from autograder.spec import Assignment, RubricItem
from courseware.render import rendered_by_path

# What is read of a file: a reflection is a page, not a book.
READ_CHARS = 100_000
# "- We meet (day, time, place or call link):" with nothing after it: a prompt left empty.
EMPTY_PROMPT = re.compile(r"^\s*[-*]\s.*:\s*$")


def rubric_rows(assignment: Assignment, root: Path) -> list[TestResult]:
    """One pending row per rubric item of `assignment`, for the submission at `root`."""
    templates = rendered_by_path(assignment.week, "starter")
    return [
        pending_row(item, root / item.file, templates.get(item.file), assignment.page_name)
        for item in assignment.rubric
    ]


def pending_row(item: RubricItem, path: Path, template: bytes | None, page: str) -> TestResult:
    grades = f"your TA grades it with the rubric on the {page} page."
    if not path.is_file():
        state = f"{item.file} is missing: fill in the starter's template and commit it; "
    else:
        text = path.read_text(encoding="utf-8", errors="replace")[:READ_CHARS]
        state = fill_state(item.file, text, template.decode() if template else None)
    message = state + grades if state else grades[0].upper() + grades[1:]
    return TestResult(item.row_name, 0, item.points, "pending", message)


def fill_state(file: str, text: str, template: str | None) -> str:
    """What is still to do in a committed file, as the start of its row's message ("" when
    nothing is). Without its template (a bundle ships none) only empty prompts are found."""
    if template is not None and normalized(text) == normalized(template):
        return f"{file} is still the template: fill it in and commit it; "
    ours = sections(text)
    unfinished = [heading for heading, lines in ours.items() if heading and empty_prompt(lines)]
    if template is not None:
        given = sections(template)
        unfinished += [
            heading
            for heading, lines in given.items()
            if heading
            and heading not in unfinished
            and not set(normalized_lines(ours.get(heading, []))) - set(normalized_lines(lines))
        ]
    if not unfinished:
        return ""
    return f"Still to fill in: {', '.join(unfinished)}; "


def empty_prompt(lines: list[str]) -> bool:
    """Whether a prompt of these lines has no answer, on its line or indented below it."""
    for line, below in zip(lines, [*lines[1:], ""], strict=True):
        answered_below = below.startswith((" ", "\t")) and below.strip()
        if EMPTY_PROMPT.match(line) and not answered_below:
            return True
    return False


def sections(text: str) -> dict[str, list[str]]:
    """The lines under each `## ` heading ("" holds what comes before the first)."""
    found: dict[str, list[str]] = {"": []}
    current = ""
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            found.setdefault(current, [])
        else:
            found[current].append(line)
    return found


def normalized_lines(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def normalized(text: str) -> list[str]:
    """A file as its words and lines, whatever an editor did to line endings and blanks."""
    return normalized_lines(text.splitlines())
