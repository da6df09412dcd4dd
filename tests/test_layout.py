"""The tooling's layout holds: imports flow one way, no private name crosses a package, no
module grows into two, and the reference app's `core` imports no model.

`courseware` is the lower floor, `autograder` stands on it, `course` on both. A newcomer can
then read any package without the ones above it.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.gradescope.bundle import grader_modules
from courseware.paths import COURSEHUB_DIR, REPO_ROOT

TOOLING = ("courseware", "autograder", "course")
# What each package may import of the others.
ALLOWED = {
    "courseware": set(),
    "autograder": {"courseware"},
    "course": {"courseware", "autograder"},
}
MAX_LINES = 600


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. autograder.grading.grade
    target: str  # the imported module, e.g. courseware.render
    names: tuple[str, ...]
    line: int


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")


def tooling_modules() -> list[Path]:
    return [
        path
        for package in TOOLING
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        if "assignments" not in path.relative_to(REPO_ROOT).parts
    ]


def imports_of(path: Path) -> list[Import]:
    """Every import in the file, wherever it stands (a function body hides nothing)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(module_name(path), a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = tuple(alias.name for alias in node.names)
            found.append(Import(module_name(path), node.module, names, node.lineno))
    return found


def package_of(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("path", tooling_modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_imports_flow_one_way_and_keep_private_names_at_home(path):
    own = package_of(module_name(path))
    problems = []
    for found in imports_of(path):
        other = package_of(found.target)
        if other in TOOLING and other != own and other not in ALLOWED[own]:
            problems.append(f"line {found.line}: {own} must not import {found.target}")
        private = [name for name in found.names if name.startswith("_")]
        if other in TOOLING and other != own and private:
            problems.append(f"line {found.line}: private {private} taken from {found.target}")
    assert problems == []


@pytest.mark.parametrize("path", tooling_modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_no_module_is_two_modules(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by job"


def test_the_gradescope_bundle_needs_nothing_of_course():
    """The bundle ships `courseware` and the grading pipeline; none of it may reach `course`."""
    for module in grader_modules():
        assert not [i for i in imports_of(module) if package_of(i.target) == "course"], module


def test_the_reference_apps_core_imports_no_model():
    """The models import `core`; `core` importing a model would be a loop in every starter."""
    for path in sorted((COURSEHUB_DIR / "coursehub" / "core").glob("*.py")):
        targets = [i.target for i in imports_of(path)]
        assert not [t for t in targets if t.startswith("coursehub.models")], path.name
