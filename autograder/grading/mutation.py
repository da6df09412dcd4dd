"""How strong a hidden suite is, as a number: mutate the homework's part of the reference with
cosmic-ray's operators, grade every mutant black-box, count the ones the grade catches.

Only the homework's answer is mutated: the lines of the week's reference that its starter
does not have (a stub stands there instead). A mutant is *killed* when its grade loses points,
*survives* when it earns full marks, and *did not start* when the app never answered (those
say nothing of the suite and are left out of the score). A survivor is either a gap in the
suite or an *equivalent* mutant, one no client could tell from the reference; an instructor
marks those in `equivalent-mutants.toml`, each with its reason, and they leave the score too.
"""

import difflib
import hashlib
import json
import secrets
import tomllib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import cosmic_ray.plugins
from cosmic_ray.ast import ast_nodes, get_ast
from cosmic_ray.mutating import mutate_code

from autograder.grading.grade import grade
from autograder.sandbox import scratch_folder
from autograder.spec import Assignment
from courseware.errors import CourseError
from courseware.render import RenderedFile, rendered, write_tree

EQUIVALENTS_FILE = "equivalent-mutants.toml"
SCORE_FILE = "mutation.json"
TARGET = 0.9  # the share of non-equivalent mutants each hidden suite must kill


@dataclass(frozen=True)
class Mutant:
    id: str  # stable while the mutated line and its neighbours stay as they are
    file: str
    line: int
    operator: str
    diff: str
    source: bytes  # the mutated file


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed | survived | not started
    failed: tuple[str, ...]  # the rows that caught it


def answer_lines(assignment: Assignment) -> dict[str, set[int]]:
    """Line numbers, per Python file of the app, that the week's starter does not have."""
    starter = {str(f.relative): f.content.decode() for f in rendered(assignment.week, "starter")}
    lines: dict[str, set[int]] = {}
    for item in rendered(assignment.week, "reference"):
        path = str(item.relative)
        if not (path.startswith(f"{assignment.package}/") and path.endswith(".py")):
            continue
        ours = item.content.decode().splitlines()
        theirs = starter.get(path, "").splitlines()
        matcher = difflib.SequenceMatcher(a=theirs, b=ours, autojunk=False)
        changed = {
            number + 1
            for tag, _, _, start, end in matcher.get_opcodes()
            if tag in ("replace", "insert")
            for number in range(start, end)
        }
        if changed:
            lines[path] = changed
    return lines


def operators() -> list[tuple[str, object]]:
    """cosmic-ray's core operators that need no arguments (those that do are for experiments
    with named variables), by name."""
    found = []
    for name in sorted(cosmic_ray.plugins.operator_names()):
        operator_class = cosmic_ray.plugins.get_operator(name)
        if not operator_class.arguments():
            found.append((name.removeprefix("core/"), operator_class()))
    return found


def mutants_of(assignment: Assignment) -> list[Mutant]:
    reference = {
        str(f.relative): f.content.decode() for f in rendered(assignment.week, "reference")
    }
    found: dict[str, Mutant] = {}
    for path, lines in sorted(answer_lines(assignment).items()):
        source = reference[path]
        tree = get_ast(source)
        for name, operator in operators():
            positions = [
                (start, node)
                for node in ast_nodes(tree)
                for start, _ in operator.mutation_positions(node)  # type: ignore[attr-defined]
            ]
            for occurrence, ((line, _), node) in enumerate(positions):
                if line not in lines or in_annotation(node):
                    continue
                mutated = mutate_code(source, operator, occurrence)
                if mutated is None or mutated == source:
                    continue
                diff = _diff(source, mutated)
                digest = hashlib.blake2b(f"{path}\n{diff}".encode(), digest_size=5).hexdigest()
                found.setdefault(digest, Mutant(digest, path, line, name, diff, mutated.encode()))
    return sorted(found.values(), key=lambda m: (m.file, m.line, m.operator, m.id))


def in_annotation(node: object) -> bool:
    """Whether a node is part of a type annotation (`int | None`): mutating one changes what a
    type checker reads, or breaks the import, never what the app does."""
    child, parent = node, getattr(node, "parent", None)
    while parent is not None:
        kind, children = getattr(parent, "type", ""), getattr(parent, "children", [])
        place = {"tfpdef": 2, "annassign": 1}.get(kind)
        if place is not None and len(children) > place and child is children[place]:
            return True
        if kind == "funcdef":
            arrow = [i for i, c in enumerate(children) if getattr(c, "value", "") == "->"]
            if arrow and child is children[arrow[0] + 1]:
                return True
        child, parent = parent, getattr(parent, "parent", None)
    return False


def _diff(before: str, after: str) -> str:
    changed = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    kept = [line for line in changed if not line.startswith(("---", "+++", "@@"))]
    return "\n".join(line for line in kept if line[1:].strip())


def equivalents(assignment: Assignment) -> dict[str, str]:
    """Mutant id -> why no client can tell it from the reference."""
    path = assignment.folder / EQUIVALENTS_FILE
    if not path.is_file():
        return {}
    try:
        entries = tomllib.loads(path.read_text())["equivalent"]
        marked = {entry["id"]: entry["reason"].strip() for entry in entries}
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise CourseError(
            f"{path}: each [[equivalent]] needs an id and a reason ({error})"
        ) from None
    if blank := [mutant for mutant, reason in marked.items() if not reason]:
        raise CourseError(f"{path}: say why {', '.join(blank)} cannot be told apart")
    return marked


def grade_mutants(
    assignment: Assignment,
    mutants: Iterable[Mutant],
    *,
    jobs: int,
    seed: int | None = None,
    allow_unsandboxed: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Grade each mutant as a submission; every one sees the same test data (one seed)."""
    reference = rendered(assignment.week, "reference")
    seed = secrets.randbelow(2**31) if seed is None else seed

    def one(mutant: Mutant) -> Outcome:
        files = [
            RenderedFile(f.relative, mutant.source) if str(f.relative) == mutant.file else f
            for f in reference
        ]
        with scratch_folder() as scratch:
            folder = Path(scratch) / "submission"
            write_tree(files, folder)
            result = grade(
                assignment.id, folder, jobs=1, seed=seed, allow_unsandboxed=allow_unsandboxed
            )
        failed = tuple(t.name for t in result.tests if t.status == "failed" and not t.given)
        if not result.app_started:
            status = "not started"
        else:
            status = "killed" if result.score < result.max_score else "survived"
        outcome = Outcome(mutant, status, failed)
        if progress:
            progress(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, mutants))


@dataclass
class MutationScore:
    assignment: str
    outcomes: dict[str, str]  # mutant id -> killed | survived | equivalent | not started
    survivors: list[dict[str, object]]  # id, file, line, operator, diff
    equivalents: dict[str, str]

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes.values() if outcome == status)

    @property
    def score(self) -> float:
        judged = self.count("killed") + self.count("survived")
        return self.count("killed") / judged if judged else 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "assignment": self.assignment,
            "tool": f"cosmic-ray {_version()} core operators",
            "mutants": len(self.outcomes),
            "killed": self.count("killed"),
            "survived": self.count("survived"),
            "equivalent": self.count("equivalent"),
            "not_started": self.count("not started"),
            "score": round(self.score, 4),
            "survivors": self.survivors,
            "outcomes": dict(sorted(self.outcomes.items())),
        }


def mutation_score(assignment: Assignment, outcomes: list[Outcome]) -> MutationScore:
    marked = equivalents(assignment)
    statuses: dict[str, str] = {}
    survivors = []
    for outcome in outcomes:
        mutant = outcome.mutant
        if outcome.status == "survived" and mutant.id in marked:
            statuses[mutant.id] = "equivalent"
            continue
        statuses[mutant.id] = outcome.status
        if outcome.status == "survived":
            survivors.append(
                {
                    "id": mutant.id,
                    "file": mutant.file,
                    "line": mutant.line,
                    "operator": mutant.operator,
                    "diff": mutant.diff,
                }
            )
    return MutationScore(assignment.id, statuses, survivors, marked)


def _version() -> str:
    from importlib.metadata import version

    return version("cosmic-ray")


def write_score(assignment: Assignment, score: MutationScore) -> Path:
    path = assignment.folder / SCORE_FILE
    path.write_text(json.dumps(score.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path


def committed_score(assignment: Assignment) -> dict[str, object] | None:
    path = assignment.folder / SCORE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def score_report(score: MutationScore) -> list[str]:
    """The figures and every survivor, as an instructor reads them."""
    lines = [
        f"{score.assignment}: {len(score.outcomes)} mutants of the homework's part of the "
        f"reference (cosmic-ray {_version()} core operators)",
        f"  killed {score.count('killed')}, survived {score.count('survived')}, "
        f"equivalent {score.count('equivalent')}, did not start {score.count('not started')}",
        f"  mutation score {score.score:.1%} (killed / (killed + survived)); "
        f"the target is {TARGET:.0%}",
    ]
    if score.survivors:
        lines.append(
            "survivors: each is a gap in the hidden suite, or a mutant no client can tell "
            f"apart (then mark it in {EQUIVALENTS_FILE} with the reason)"
        )
    for survivor in score.survivors:
        lines.append(
            f"  {survivor['id']}  {survivor['file']}:{survivor['line']}  {survivor['operator']}"
        )
        lines += [f"      {line}" for line in str(survivor["diff"]).splitlines()]
    return lines
