"""Contract traceability: every sentence of a homework's contract is named by a test that
checks it, and every test names the sentences it checks.

The lines of a contract are read off the homework page, so a line added to the page is a line
some test must now claim. Each line gets an id within its block (a `### ` heading under
`## Behavior contracts`): `behavior 3` for a numbered step, `output member_count` for a
bullet that names a field or header, `error 404` for an error line, `input code`,
`paragraph 2` for a sentence in prose (a rule, a note after the lists). Tests claim lines with

    @pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 3", "error 409")

one decorator per block. A claim says "this test fails when this sentence is broken"; whether
that is true is what `course calibrate --mutation` measures.
"""

import ast
import re
from dataclasses import dataclass

from autograder.grading.container_check import ROWS as CONTAINER_ROWS
from autograder.spec import ASSIGNMENTS_DIR, load_assignment
from course.content.pages import Page
from courseware.render import rendered

PARTS = {"Input": "input", "Behavior": "behavior", "Output": "output", "Errors": "error"}
_PART = re.compile(r"^\*\*(\w+):\*\*\s*(.*)$")
_STEP = re.compile(r"^(\d+)\.\s+(.*)")
_BULLET = re.compile(r"^(\s*)[-*]\s+(.*)")
_NAME = re.compile(r"`(?:header\s+)?([A-Za-z_][\w-]*)")
_STATUS = re.compile(r"^(\d{3})\b")


@dataclass(frozen=True)
class ContractLine:
    block: str  # "GET /api/groups/{group_id}" or "Rule 1"
    line: str  # "behavior 2"
    text: str  # the sentence, for people

    @property
    def key(self) -> tuple[str, str]:
        return (self.block, self.line)


@dataclass(frozen=True)
class Claim:
    file: str
    test: str
    block: str
    lines: tuple[str, ...]


def block_name(heading: str) -> str:
    """`### Rule 2: ids in URLs are positive` is "Rule 2"; an endpoint heading is itself."""
    heading = heading.strip().strip("`")
    return heading.split(": ", 1)[0] if heading.startswith("Rule ") else heading


def bullet_id(part: str, text: str, ordinal: int) -> str:
    name = _NAME.match(text) or _NAME.search(text.split(":", 1)[0])
    if name:
        return f"{part} {name.group(1)}"
    status = _STATUS.match(text)
    return f"{part} {status.group(1)}" if status else f"{part} line {ordinal}"


def contract_lines(page: Page) -> list[ContractLine]:
    text = page.sections.get("Behavior contracts", "")
    lines: list[ContractLine] = []
    for block in re.split(r"^### ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        lines += _block_lines(block_name(heading), body)
    return lines


def _block_lines(block: str, body: str) -> list[ContractLine]:
    found: list[ContractLine] = []
    seen: set[str] = set()

    def add(line_id: str, sentence: str) -> None:
        unique, n = line_id, 1
        while unique in seen:
            n += 1
            unique = f"{line_id} ({n})"
        seen.add(unique)
        found.append(ContractLine(block, unique, sentence.strip()))

    part, in_code, blank_before, paragraphs, bullets = "item", False, True, 0, 0
    for raw in body.splitlines():
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if not raw.strip():
            blank_before = True
            continue
        label = _PART.match(raw.strip())
        step = _STEP.match(raw)
        bullet = _BULLET.match(raw)
        if label:
            part, bullets = PARTS.get(label.group(1), label.group(1).lower()), 0
            if label.group(2):  # "**Input:** header `Authorization: ...` and a body:"
                bullets += 1
                add(bullet_id(part, label.group(2), bullets), label.group(2))
        elif step:
            add(f"{part} {step.group(1)}", step.group(2))
        elif bullet:
            bullets += 1
            add(bullet_id(part, bullet.group(2), bullets), bullet.group(2))
        elif blank_before and not raw.startswith(" "):
            paragraphs += 1
            add(f"paragraph {paragraphs}", raw)
        blank_before = False
    return found


def claims_in(source: str, file: str) -> tuple[list[Claim], list[str]]:
    """The contract claims of each test in a test file, and the tests that make none."""
    claims: list[Claim] = []
    unclaimed: list[str] = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not node.name.startswith("test_"):
            continue
        made = [
            Claim(file, node.name, args[0], tuple(args[1:]))
            for decorator in node.decorator_list
            if (args := _contract_arguments(decorator)) is not None
        ]
        claims += made
        if not made:
            unclaimed.append(node.name)
    return claims, unclaimed


def _contract_arguments(decorator: ast.expr) -> list[str] | None:
    if not (
        isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.contract"
    ):
        return None
    values = [arg.value for arg in decorator.args if isinstance(arg, ast.Constant)]
    if len(values) != len(decorator.args) or not all(isinstance(v, str) for v in values):
        return ["<not plain strings>"]
    return [str(v) for v in values] or ["<empty>"]


def homework_test_sources(homework_id: str, week: int) -> dict[str, str]:
    """The visible tests (as the week's reference has them) and the hidden suite."""
    sources = {
        f"tests/{item.relative.name}": item.content.decode()
        for item in rendered(week, "reference")
        if item.relative.name.startswith(f"test_{homework_id}_")
    }
    hidden = ASSIGNMENTS_DIR / homework_id / "hidden"
    for path in sorted(hidden.glob("*.py")):
        sources[f"hidden/{path.name}"] = path.read_text(encoding="utf-8")
    return sources


@dataclass
class Traceability:
    lines: list[ContractLine]
    claims: list[Claim]
    unclaimed_tests: list[str]  # "file::test"

    def tests_of(self, line: ContractLine) -> list[str]:
        return [
            f"{c.file}::{c.test}"
            for c in self.claims
            if c.block == line.block and line.line in c.lines
        ]

    def problems(self, shown: str, homework_id: str) -> list[str]:
        problems = [
            f'{shown}: {line.block} · {line.line} ("{_short(line.text)}") is claimed by no '
            f'{homework_id} test: add a test with @pytest.mark.contract("{line.block}", '
            f'"{line.line}")'
            for line in self.lines
            if not self.tests_of(line)
        ]
        known = {line.key for line in self.lines}
        blocks = {line.block for line in self.lines}
        for claim in self.claims:
            if claim.block not in blocks:
                problems.append(
                    f"{claim.file}::{claim.test}: claims `{claim.block}`, which is no block of "
                    f"the contract (one of: {', '.join(sorted(blocks))})"
                )
                continue
            problems += [
                f"{claim.file}::{claim.test}: claims {claim.block} · {line}, which the contract "
                "does not have"
                for line in claim.lines
                if (claim.block, line) not in known
            ]
            if not claim.lines:
                problems.append(f"{claim.file}::{claim.test}: claims no line of {claim.block}")
        problems += [
            f"{test}: claims no contract line (add @pytest.mark.contract(BLOCK, LINE, ...))"
            for test in self.unclaimed_tests
        ]
        return problems


def traceability(page: Page, homework_id: str, week: int) -> Traceability:
    claims: list[Claim] = []
    unclaimed: list[str] = []
    for file, source in homework_test_sources(homework_id, week).items():
        made, missing = claims_in(source, file)
        claims += made
        unclaimed += [f"{file}::{test}" for test in missing]
    claims += grader_claims(homework_id)
    return Traceability(contract_lines(page), claims, unclaimed)


def grader_claims(homework_id: str) -> list[Claim]:
    """What the grader checks itself, beside the suites: the migration check's rows and the
    container check's, one row per line."""
    if not (ASSIGNMENTS_DIR / homework_id / "assignment.toml").is_file():
        return []
    assignment = load_assignment(homework_id)
    claims = []
    if assignment.migration_contract is not None:
        block, lines = assignment.migration_contract
        claims.append(
            Claim("autograder/grading/migration_check.py", "migration check", block, lines)
        )
    if assignment.container_contract is not None:
        claims += [
            Claim(
                "autograder/grading/container_check.py",
                row.name,
                assignment.container_contract,
                (row.line,),
            )
            for row in CONTAINER_ROWS
        ]
    return claims


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
