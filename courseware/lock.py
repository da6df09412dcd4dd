"""Pinned versions: the packages this repository's `uv.lock` resolved, and the tools every
workflow, codespace and Gradescope image installs.

A student's copy of the app, the grader's Gradescope image and the repository's own CI then run
exactly what the course was tested with.
"""

import re
import tomllib
from functools import cache
from pathlib import Path

from courseware.errors import CourseError
from courseware.paths import LOCK_FILE

PYTHON_VERSION = "3.11"
UV_VERSION = "0.13.9"

# A requirement's name and extras: `uvicorn[standard]>=0.30` -> ("uvicorn", "standard").
REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
# One quoted requirement on its own line of a pyproject.toml dependency list.
_LIST_LINE = re.compile(r'^(\s*)"([^"]*)"(,?)(.*)$')


def normalise_name(name: str) -> str:
    """A package name as PyPI compares them: `Email_Validator` and `email-validator` agree."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_parts(requirement: str) -> tuple[str, tuple[str, ...]]:
    """(normalised name, extras) of a requirement string."""
    found = REQUIREMENT.match(requirement)
    if not found:
        raise CourseError(f"cannot read the requirement {requirement!r}")
    extras = tuple(e.strip() for e in (found.group(2) or "").split(",") if e.strip())
    return normalise_name(found.group(1)), extras


@cache
def locked_versions(lock_file: Path = LOCK_FILE) -> dict[str, str]:
    """Package versions from this repository's uv.lock, by normalised name (read once)."""
    if not lock_file.is_file():
        raise CourseError(f"{lock_file} is missing: run `uv lock` in the repository first")
    packages = tomllib.loads(lock_file.read_text(encoding="utf-8")).get("package", [])
    return {normalise_name(package["name"]): package["version"] for package in packages}


def pin_requirements(pyproject_text: str, versions: dict[str, str]) -> str:
    """Pin every `"package"` line of a dependency list to the version this repo locks.

    A student's copy then installs exactly what the course was tested with, lock file or not.
    """
    pinned = []
    in_list = False
    for line in pyproject_text.splitlines():
        stripped = line.strip()
        if re.match(r"^(dependencies|dev|test)\s*=\s*\[", stripped):
            in_list = not stripped.endswith("]")
        elif in_list and stripped.startswith("]"):
            in_list = False
        elif in_list and (quoted := _LIST_LINE.match(line)) and REQUIREMENT.match(quoted[2]):
            indent, requirement, comma, rest = quoted.groups()
            found = REQUIREMENT.match(requirement)
            assert found is not None
            name, extras = found.group(1), found.group(2)
            version = versions.get(normalise_name(name))
            if version is None:
                raise CourseError(
                    f"{name} is a dependency of the course app but not in uv.lock: add it to "
                    "the repository's pyproject.toml and run `uv lock`"
                )
            extras_text = f"[{extras}]" if extras is not None else ""
            line = f'{indent}"{name}{extras_text}=={version}"{comma}{rest}'
        pinned.append(line)
    return "\n".join(pinned) + "\n"


def locked_closure(requirements: list[str], lock_file: Path = LOCK_FILE) -> dict[str, str]:
    """Every package that `requirements` (e.g. `uvicorn[standard]`) pull in, with the version
    this repository's uv.lock resolved: {normalised name: version}. Packages the lock holds in
    several versions (forked by Python version) are left out: no single pin is right for them.
    """
    versions = locked_versions(lock_file)
    packages: dict[str, list[dict]] = {}
    for package in tomllib.loads(lock_file.read_text(encoding="utf-8")).get("package", []):
        packages.setdefault(normalise_name(package["name"]), []).append(package)
    pending = [requirement_parts(requirement) for requirement in requirements]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        item = pending.pop()
        if item in seen:
            continue
        seen.add(item)
        name, extras = item
        if name not in packages:
            raise CourseError(f"{name} is not in uv.lock: add it to pyproject.toml, run `uv lock`")
        for package in packages[name]:
            edges = list(package.get("dependencies", []))
            for extra in extras:
                edges += package.get("optional-dependencies", {}).get(extra, [])
            for edge in edges:
                edge_extras = edge.get("extra", [])
                if isinstance(edge_extras, str):
                    edge_extras = [edge_extras]
                pending.append((normalise_name(edge["name"]), tuple(edge_extras)))
    names = sorted({name for name, _ in seen})
    return {name: versions[name] for name in names if len(packages[name]) == 1}


def project_requirements(pyproject_text: str) -> list[str]:
    """The `[project] dependencies` of a (rendered, pinned) pyproject.toml."""
    try:
        return list(tomllib.loads(pyproject_text)["project"]["dependencies"])
    except (tomllib.TOMLDecodeError, KeyError) as error:
        raise CourseError(
            f"the starter's pyproject.toml has no dependency list ({error})"
        ) from None
