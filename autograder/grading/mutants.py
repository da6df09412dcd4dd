"""The planted bugs of a write-the-tests assignment: `mutants.toml`, one exact text
replacement in one file of the week's reference each."""

import tomllib
from dataclasses import dataclass

from autograder.spec import Assignment
from courseware.errors import CourseError
from courseware.render import RenderedFile


@dataclass(frozen=True)
class Mutant:
    name: str
    behavior: str  # what the planted bug gets wrong, in the words of the contract
    file: str
    find: str
    replace: str


def load_mutants(assignment: Assignment) -> list[Mutant]:
    spec = assignment.folder / "mutants.toml"
    if not spec.is_file():
        raise CourseError(f"{spec} is missing: a `tests` assignment needs its mutants")
    try:
        entries = tomllib.loads(spec.read_text())["mutant"]
        return [Mutant(**entry) for entry in entries]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise CourseError(
            f"{spec}: each [[mutant]] needs name, behavior, file, find, replace ({error})"
        ) from None


def mutate(files: list[RenderedFile], mutant: Mutant) -> list[RenderedFile]:
    """The reference with one bug planted; the spec's `find` must occur exactly once."""
    mutated = []
    for item in files:
        if str(item.relative) == mutant.file:
            text = item.content.decode()
            if text.count(mutant.find) != 1:
                raise CourseError(
                    f"mutant {mutant.name}: its `find` text occurs {text.count(mutant.find)} times "
                    f"in {mutant.file} (it must occur exactly once)"
                )
            item = RenderedFile(item.relative, text.replace(mutant.find, mutant.replace).encode())
        mutated.append(item)
    if mutated == files:
        raise CourseError(f"mutant {mutant.name}: no file {mutant.file} in the reference")
    return mutated
