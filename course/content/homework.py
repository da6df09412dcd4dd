"""Homework pages, and their behavior contracts held against the tests that grade them."""

import re
from dataclasses import dataclass

from autograder.spec import ASSIGNMENTS_DIR, load_assignment
from course.content.endpoints import ENDPOINT, endpoint_shape, route_matches
from course.content.pages import Page
from course.content.references import code_reference_problems, typed_date_problems
from course.content.traceability import traceability
from course.content.week_app import week_app
from course.worksheets.catalogue import WORKSHEETS
from courseware.errors import CourseError
from courseware.render import rendered
from courseware.term import HOMEWORK_BY_ID

HOMEWORK_SECTIONS = (
    "Goal",
    "What you are given",
    "Behavior contracts",
    "Run the visible tests",
    "How it is graded",
    "Due date and submission",
    "Reading the grader's feedback",
)


# "- 404: ...", "answer 401", "answers 404", "is a 422", "401 without a valid token".
STATUS_MENTION = (
    r"(?:^\s*[-*]\s*`?|\b(?:answers?|answered|is an?|is still an?|a|an)\s+`?)([1-5]\d\d)\b"
    r"|\b([1-5]\d\d)\s+(?=without|when|for|if)"
)


# A WebSocket route's block, `### WS /ws/groups/{group_id}`: held to the same checks as an
# endpoint's, its tests reaching it through a socket (`open_socket(client, "/ws/...")`).
SOCKET = re.compile(r"^(WS) (/[\w/{}.-]*)$")
SOCKET_OPENED = re.compile(r"(?:open_socket|websocket_connect)\(\s*(?:client,\s*)?f?\"(/[^\"]*)\"")


@dataclass(frozen=True)
class Contract:
    endpoint: str
    statuses: frozenset[int]
    fields: frozenset[str]


def contracts_of(page: Page, heading_shape: re.Pattern[str] = ENDPOINT) -> list[Contract]:
    text = page.sections.get("Behavior contracts", "")
    contracts = []
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        heading, _, rest = block.partition("\n")
        found = heading_shape.match(heading.strip().strip("`"))
        if not found:
            continue
        # A status is promised by an error line ("- 404: ..."), a step or a note ("answer
        # 401", "401 without a valid token"): any three-digit HTTP status the block names.
        statuses = {
            int(first or second) for first, second in re.findall(STATUS_MENTION, rest, re.MULTILINE)
        }
        fields = set(re.findall(r"^\s*[-*]\s*`(\w+)`\s*:", rest, re.MULTILINE))
        contracts.append(
            Contract(endpoint_shape(*found.groups()), frozenset(statuses), frozenset(fields))
        )
    return contracts


def suite_facts(test_sources: list[str]) -> tuple[set[str], set[int], str]:
    """Endpoints requested, status codes asserted, and the text of a homework's tests."""
    endpoints: set[str] = set()
    statuses: set[int] = set()
    for source in test_sources:
        for method, path in re.findall(
            r"client\.(get|post|put|patch|delete)\(\s*f?\"(/[^\"]*)\"", source
        ):
            path = re.sub(r"\{[^}]*\}|/\d+(?=/|$)", "/{}", path).replace("//{}", "/{}")
            endpoints.add(endpoint_shape(method, path))
        for path in SOCKET_OPENED.findall(source):
            path = re.sub(r"\{[^}]*\}|/\d+(?=/|$)", "/{}", path).replace("//{}", "/{}")
            endpoints.add(endpoint_shape("WS", path))
        statuses.update(int(code) for code in re.findall(r"status_code == (\d{3})", source))
        statuses.update(int(code) for code in re.findall(r"error_of\([^\n]*?, (\d{3})\)", source))
    return endpoints, statuses, "\n".join(test_sources)


def homework_problems(page: Page) -> list[str]:
    shown = page.shown
    problems = []
    homework_id = page.meta.get("homework")
    if homework_id not in HOMEWORK_BY_ID:
        return [f"{shown}: front matter `homework` must be one of {sorted(HOMEWORK_BY_ID)}"]
    homework = HOMEWORK_BY_ID[homework_id]
    if page.meta.get("week") != homework.week:
        problems.append(f"{shown}: {homework_id} belongs to week {homework.week}")
    if not page.path.name.startswith(f"{homework_id}-"):
        problems.append(f"{shown}: file name must start with {homework_id}-")
    problems += [
        f"{shown}: missing section `## {s}`" for s in HOMEWORK_SECTIONS if s not in page.sections
    ]
    problems += typed_date_problems(page)
    problems += code_reference_problems(page, homework.week)
    problems += grader_problems(page, homework.id, homework.kind)
    if homework.kind == "contract":
        problems += contract_problems(page, homework.id, homework.week)
        problems += traceability(page, homework.id, homework.week).problems(shown, homework.id)
    return problems


def grader_problems(page: Page, homework_id: str, kind: str) -> list[str]:
    """The homework is one the grader knows, and the page promises the points it grades."""
    if kind == "worksheet":
        sheets = [sheet for sheet in WORKSHEETS if sheet.homework == homework_id]
        if not sheets:
            return [f"{page.shown}: no nbgrader worksheet grades {homework_id}"]
        missing = [s.assignment for s in sheets if s.assignment not in page.body]
        return [f"{page.shown}: name the worksheet {name} students hand in" for name in missing]
    try:
        assignment = load_assignment(homework_id)
    except CourseError:
        return [f"{page.shown}: the autograder has no assignment {homework_id}"]
    points = f"{assignment.points:g} points"
    if points not in page.sections.get("How it is graded", ""):
        return [f"{page.shown}: `## How it is graded` must state the grader's {points}"]
    return []


def contract_problems(page: Page, homework_id: str, week: int) -> list[str]:
    contracts = contracts_of(page) + contracts_of(page, SOCKET)
    suite = [
        item.content.decode()
        for item in rendered(week, "reference")
        if item.relative.name.startswith(f"test_{homework_id}_")
    ]
    # The hidden suite is held to the same contracts: a student is never graded on an
    # endpoint or a status code the homework page does not promise.
    hidden = ASSIGNMENTS_DIR / homework_id / "hidden"
    suite += [path.read_text(encoding="utf-8") for path in sorted(hidden.glob("*.py"))]
    if not contracts:
        return [f"{page.shown}: no `### METHOD /path` contracts under `## Behavior contracts`"]
    endpoints, statuses, text = suite_facts(suite)
    written = {c.endpoint for c in contracts}
    problems = [
        f"{page.shown}: contract for `{e}` but the {homework_id} tests never call it"
        for e in sorted(written)
        if not any(route_matches(called, frozenset({e})) for called in endpoints)
    ]
    # Tests may also set up data through endpoints that earlier weeks already had.
    known = frozenset(written | (week_app(week - 1).endpoints - written))
    problems += [
        f"{page.shown}: the {homework_id} tests call `{e}` but no contract describes it"
        for e in sorted(endpoints)
        if not route_matches(e, known)
    ]
    promised = set().union(*(c.statuses for c in contracts))
    problems += [
        f"{page.shown}: status {s} appears in a contract but no {homework_id} test checks it"
        for s in sorted(promised - statuses)
    ]
    problems += [
        f"{page.shown}: the {homework_id} tests check status {s} but no contract lists it"
        for s in sorted(statuses - promised)
    ]
    for contract in contracts:
        problems += [
            f"{page.shown}: field `{name}` of `{contract.endpoint}` never appears in the tests"
            for name in sorted(contract.fields)
            if f'"{name}"' not in text
        ]
    return problems
