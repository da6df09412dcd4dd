"""`course contracts HW`: each sentence of a homework's contract and the tests that claim it."""

import argparse

from course.content.pages import homework_pages
from course.content.traceability import traceability
from courseware.errors import CourseError
from courseware.term import homework


def add_parser(commands: argparse._SubParsersAction) -> None:
    contracts = commands.add_parser(
        "contracts",
        help="a homework's contract lines and the tests that claim them",
        description="List every contract line of a homework page with the visible and hidden "
        "tests that claim it (@pytest.mark.contract); exit 1 if a line or a test is unclaimed.",
    )
    contracts.add_argument("homework", help="hw03, hw04, ...")
    contracts.add_argument("--gaps", action="store_true", help="only the problems")
    contracts.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    work = homework(arguments.homework)
    if work.kind != "contract":
        raise CourseError(f"{work.id} is graded by {work.kind}, not by behavior contracts")
    page = next(p for p in homework_pages() if p.meta.get("homework") == work.id)
    trace = traceability(page, work.id, work.week)
    if not arguments.gaps:
        block = None
        for line in trace.lines:
            if line.block != block:
                block = line.block
                print(f"\n{block}")
            tests = trace.tests_of(line) or ["(no test)"]
            print(f"  {line.line:<24} {tests[0]}")
            for test in tests[1:]:
                print(f"  {'':<24} {test}")
    problems = trace.problems(page.shown, work.id)
    covered = sum(1 for line in trace.lines if trace.tests_of(line))
    claimed = f"{covered}/{len(trace.lines)} contract lines claimed"
    print(f"\n{work.id}: {claimed}, {len(problems)} problems")
    for problem in problems:
        print(f"  {problem}")
    return 1 if problems else 0
