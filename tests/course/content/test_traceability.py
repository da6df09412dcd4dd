"""Contract traceability (`course.content.traceability`): the grader's own checks claim the
page's lines beside the suites' tests; here, the container check's rows (HW12)."""

from autograder.grading.container_check import ROWS
from course.content.pages import homework_pages
from course.content.traceability import grader_claims, traceability
from tests.support.commands import run_course

BLOCK = "Containers: Dockerfile and compose.yaml"


def test_each_container_row_claims_its_own_line_of_the_block():
    claims = [c for c in grader_claims("hw12") if c.file.endswith("container_check.py")]
    assert [(c.test, c.block, c.lines) for c in claims] == [
        (row.name, BLOCK, (row.line,)) for row in ROWS
    ]


def test_every_line_of_the_container_block_is_claimed_by_its_row_alone():
    page = next(p for p in homework_pages() if p.meta.get("homework") == "hw12")
    trace = traceability(page, "hw12", 13)
    lines = [line for line in trace.lines if line.block == BLOCK]
    assert [line.line for line in lines] == [f"behavior {n}" for n in range(1, 9)]
    for line in lines:
        assert trace.tests_of(line) == [
            f"autograder/grading/container_check.py::{row.name}"
            for row in ROWS
            if row.line == line.line
        ]
    assert [p for p in trace.problems(page.shown, "hw12") if BLOCK in p] == []


def test_course_contracts_lists_the_container_rows():
    shown = run_course("contracts", "hw12").stdout
    block = shown.split(f"\n{BLOCK}\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert block == [
        f"  {row.line:<24} autograder/grading/container_check.py::{row.name}" for row in ROWS
    ]
