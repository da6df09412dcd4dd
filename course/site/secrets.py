"""What the site must never show, as fingerprints: hidden tests, mutants, worksheet solutions
and hidden tests, and reference solutions not released yet.

A private file is read as its sequence of non-empty lines, whitespace collapsed. A line is
"distinctive" when no public file has it (the starters, and for hidden tests and mutants the
reference app they are built from). Every run of SHINGLE_LINES consecutive lines that holds
a distinctive line is a fingerprint; a built page that contains one shows private material.
Runs rather than single lines, because one line of SQL or a test is often generic, while
three lines in a row are what copying looks like. A mutant's changed line is caught with
the reference lines around it.

The instructors blocks of the lessons (answer keys and the like) are private too, but they are
Markdown, and a page shows them rendered: their fingerprints, and the pages they are looked
for in, are reduced to words (`words_of`), so that backticks, emphasis and table pipes do not
hide a copy. Their public lines are code only: the starters' and what the lessons show in code
blocks (a key may repeat a query from class). Three lines of a key's prose on a public page
are a leak, so a key pasted into a handout is caught.
"""

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from course.content.instructor_blocks import read_blocks
from course.content.pages import lesson_files
from course.site.dates import is_released, solution_releases
from course.site.notebooks import WORKSHEET_SOURCE_DIR, worksheet_week
from course.site.solutions import homework_changes
from course.worksheets.notebooks import notebook_regions, read_notebook
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import AUTOGRADER_DIR, LESSONS_DIR, REPO_ROOT, SOLUTIONS_DIR
from courseware.render import rendered_by_path
from courseware.term import (
    CAPSTONE_WEEKS,
    COURSEHUB_WEEKS,
    HOMEWORK,
    HOMEWORK_BY_ID,
    STARTER_WEEKS,
    Homework,
    homework_of_week,
    week_id,
)

# Files under autograder/ whose path contains one of these words are never published.
PRIVATE_PATH_WORDS = ("hidden", "mutant")


INSTRUCTOR_BLOCK_KIND = "instructors-only block"


# The leak check's fingerprints: runs of this many consecutive lines of a private file...
SHINGLE_LINES = 3


# ...that hold at least one line this long which no public file has...
MIN_SECRET_CHARS = 8


# ...and are this long in all (shorter runs are too common to prove anything).
MIN_FINGERPRINT_CHARS = 40


@dataclass(frozen=True)
class Secret:
    origin: str  # e.g. autograder/assignments/hw03/hidden/test_x.py
    kind: str  # "hidden test", "mutant", "worksheet solution", "unreleased solution of hw03"
    fingerprints: frozenset[str]
    words: bool = False  # the fingerprints are `words_of` Markdown, looked for in a page's words


def collapse_space(text: str) -> str:
    return " ".join(text.split())


_WORD = re.compile(r"[^\W_]+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML = re.compile(r"<!--.*?-->|</?[A-Za-z][^<>]*>")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_ITEM_NUMBER = re.compile(r"^\s*\d+[.)]\s")  # an ordered list shows its numbers as markup


def words_of(text: str) -> str:
    """Letters and digits only, lower case, one space apart: what a line of Markdown and the
    page made from it have in common, whatever the markup."""
    return " ".join(_WORD.findall(text.lower()))


def markdown_words(line: str) -> str:
    """The words a reader sees of one line of Markdown: no link targets, tags, fences or
    numbers of list items."""
    if _FENCE.match(line):
        return ""
    return words_of(_HTML.sub(" ", _LINK_TARGET.sub("]", _ITEM_NUMBER.sub(" ", line))))


def fingerprints(lines: Iterable[str], secret: Iterable[bool]) -> frozenset[str]:
    """The runs of SHINGLE_LINES consecutive lines that hold at least one secret line."""
    pairs = [(collapse_space(line), flag) for line, flag in zip(lines, secret, strict=True)]
    pairs = [(line, flag) for line, flag in pairs if line]
    if len(pairs) < SHINGLE_LINES:
        whole = " ".join(line for line, _ in pairs)
        private = any(flag for _, flag in pairs)
        return (
            frozenset([whole]) if private and len(whole) >= MIN_FINGERPRINT_CHARS else frozenset()
        )
    found = set()
    for start in range(len(pairs) - SHINGLE_LINES + 1):
        window = pairs[start : start + SHINGLE_LINES]
        text = " ".join(line for line, _ in window)
        if any(flag for _, flag in window) and len(text) >= MIN_FINGERPRINT_CHARS:
            found.add(text)
    return frozenset(found)


def is_secret_line(line: str, public: frozenset[str] | set[str]) -> bool:
    normal = collapse_space(line)
    return (
        len(normal) >= MIN_SECRET_CHARS and normal not in public and bool(re.search(r"\w", normal))
    )


def file_lines(path: Path) -> tuple[list[str], list[bool] | None]:
    """A private file's lines, and which of them are its own (None: decide by public text).

    For a patch, the file after the patch: context lines are the reference's, added lines
    are the mutant's own.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return [], None
    if path.suffix not in (".diff", ".patch"):
        return text.splitlines(), None
    lines, own = [], []
    for line in text.splitlines():
        if line.startswith(("+++", "---", "@@", "diff ", "index ")):
            continue
        if line.startswith("+"):
            lines.append(line[1:])
            own.append(True)
        elif line.startswith(" "):
            lines.append(line[1:])
            own.append(False)
    return lines, own


@cache
def public_lines(roots: tuple[Path, ...]) -> frozenset[str]:
    found: set[str] = set()
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file() and "__pycache__" not in path.parts:
                try:
                    found.update(
                        collapse_space(line) for line in path.read_text("utf-8").splitlines()
                    )
                except (UnicodeDecodeError, OSError):
                    continue
    return frozenset(found)


def worksheet_release(assignment: str, releases: Mapping[str, datetime | None]) -> datetime | None:
    """A worksheet's solutions are released with its homework's: `hw02-sql` with HW2's, an
    in-class worksheet `w02-...` with the solution of its week's homework."""
    if found := re.match(r"(hw\d\d)\b", assignment):
        return releases.get(found.group(1))
    week = worksheet_week(assignment)
    homework = homework_of_week(week) if week else None
    return releases.get(homework.id) if homework else None


def mutant_secrets(path: Path, shown: str) -> list[Secret]:
    """Fingerprints of the mutants a TOML file describes as `find`/`replace` edits of a file
    of the homework's week reference: the edited lines together with the lines around them.

    The folder above the file names the homework (autograder/assignments/hw01/mutants.toml).
    """
    try:
        mutants = tomllib.loads(path.read_text(encoding="utf-8")).get("mutant", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CourseError(f"{path}: cannot read the mutants ({error})") from None
    homework = HOMEWORK_BY_ID.get(path.parent.name)
    secrets = []
    for mutant in mutants:
        name = str(mutant.get("name", "?"))
        find, replace = mutant.get("find"), mutant.get("replace")
        if homework is None or not isinstance(find, str) or not isinstance(replace, str):
            continue
        original = rendered_by_path(homework.week, "reference").get(str(mutant.get("file")))
        if original is None:
            continue
        text = original.decode("utf-8", "replace")
        if find not in text:
            continue
        before = [collapse_space(line) for line in text.splitlines()]
        after = [collapse_space(line) for line in text.replace(find, replace, 1).splitlines()]
        before, after = [x for x in before if x], [x for x in after if x]
        flags = [False] * len(after)
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                flags[j1:j2] = [True] * (j2 - j1)
            elif tag == "delete":
                # A deleted line leaves a seam: the two lines that now meet are the mutant's.
                for j in (j1 - 1, j1):
                    if 0 <= j < len(after):
                        flags[j] = True
        reference_windows = {" ".join(before[i : i + SHINGLE_LINES]) for i in range(len(before))}
        found = frozenset(
            f for f in fingerprints(after, flags) if not any(f in w for w in reference_windows)
        )
        if found:
            secrets.append(Secret(f"{shown} [{name}]", "mutant", found))
    return secrets


def shown_code(lines: Iterable[str]) -> set[str]:
    """The words of the lines inside fenced code blocks."""
    found, fenced = set(), False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif fenced:
            found.add(markdown_words(line))
    return found


def instructor_block_secrets(
    lessons_dir: Path = LESSONS_DIR, public_roots: tuple[Path, ...] = (REPO_ROOT / "starter",)
) -> list[Secret]:
    """The fingerprints of every instructors block of the lesson pages, one secret a block.

    Public lines are the starters' and the code the lessons show outside their blocks: a key
    may repeat a query shown in class. A key's prose is its own, wherever it is pasted.
    """
    marked_pages = []
    for path in lesson_files(lessons_dir):
        shown = path.relative_to(lessons_dir.parent).as_posix()
        marked = read_blocks(path.read_text(encoding="utf-8"), shown)
        if marked.problems:
            raise CourseError(marked.problems[0])
        marked_pages.append((shown, marked))
    public = {markdown_words(line) for line in public_lines(public_roots)}
    for _, marked in marked_pages:
        public |= shown_code(marked.public_lines)
    secrets = []
    for shown, marked in marked_pages:
        for block in marked.blocks:
            lines = [markdown_words(line) for line in block.lines]
            if found := fingerprints(lines, [is_secret_line(line, public) for line in lines]):
                origin = f"{shown}:{block.first_line} ({block.label})"
                secrets.append(Secret(origin, INSTRUCTOR_BLOCK_KIND, found, words=True))
    return secrets


def collect_secrets(
    moment: datetime,
    releases: Mapping[str, datetime | None] | None = None,
    *,
    autograder_dir: Path = AUTOGRADER_DIR,
    worksheet_source_dir: Path = WORKSHEET_SOURCE_DIR,
    public_roots: tuple[Path, ...] = (REPO_ROOT / "starter", SOLUTIONS_DIR),
    homework: Iterable[Homework] = HOMEWORK,
    instructor_blocks: bool = True,
    lessons_dir: Path = LESSONS_DIR,
) -> list[Secret]:
    """The fingerprints of everything the site built at `moment` must not show.

    - hidden tests and mutants: files under autograder/ whose path says `hidden` or `mutant`;
    - worksheets: the hidden tests nbgrader strips from worksheets/source/ notebooks, and
      their solutions until the release date of their homework's solution;
    - reference solutions not released at `moment`: the lines each homework's reference adds
      to that week's starter;
    - the instructors blocks of `lessons_dir`, unless `instructor_blocks` is false (the
      instructors' edition, which shows them on purpose).
    """
    releases = releases if releases is not None else solution_releases(load_calendar())
    secrets: list[Secret] = instructor_block_secrets(lessons_dir) if instructor_blocks else []
    if autograder_dir.is_dir():
        public = public_lines(public_roots)
        for path in sorted(autograder_dir.rglob("*")):
            relative = path.relative_to(autograder_dir.parent).as_posix()
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            words = relative.lower()
            if not any(word in words for word in PRIVATE_PATH_WORDS):
                continue
            kind = "mutant" if "mutant" in words else "hidden test"
            if path.suffix == ".toml" and kind == "mutant":
                secrets += mutant_secrets(path, relative)
                continue
            lines, own = file_lines(path)
            flags = own or [is_secret_line(line, public) for line in lines]
            if found := fingerprints(lines, flags):
                secrets.append(Secret(relative, kind, found))
    if worksheet_source_dir.is_dir():
        starters = public_lines((REPO_ROOT / "starter",))
        for path in sorted(worksheet_source_dir.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            relative = path.relative_to(worksheet_source_dir.parent.parent).as_posix()
            assignment = path.relative_to(worksheet_source_dir).parts[0]
            release = worksheet_release(assignment, releases)
            regions, visible = notebook_regions(read_notebook(path))
            public = starters | {collapse_space(line) for line in visible}
            for region in regions:
                kind, region_lines = region.kind, region.lines
                if kind == "worksheet solution" and is_released(release, moment):
                    continue
                found = fingerprints(
                    region_lines, [is_secret_line(line, public) for line in region_lines]
                )
                if found:
                    secrets.append(Secret(relative, kind, found))
    for item in homework:
        release = releases.get(item.id)
        if item.week not in STARTER_WEEKS or is_released(release, moment):
            continue
        starter_texts = [
            content.decode("utf-8", "replace")
            for content in rendered_by_path(item.week, "starter").values()
        ]
        if item.week in CAPSTONE_WEEKS:
            # The capstone's app is written like CourseHub: a line it shares with CourseHub's
            # own code (a lesson quotes it) is CourseHub's, guarded by CourseHub's homework.
            starter_texts += [
                content.decode("utf-8", "replace")
                for content in rendered_by_path(max(COURSEHUB_WEEKS), "reference").values()
            ]
        starter_lines = {
            collapse_space(line) for text in starter_texts for line in text.splitlines()
        }
        # A run of short lines can read, once collapsed, like one longer line the starter
        # already has (a decorator split over three lines, and the same call on one line):
        # that run proves nothing.
        starter_text = collapse_space(" ".join(starter_texts))
        when = f"released {release:%Y-%m-%d}" if release else "never released"
        for path, (text, changed) in homework_changes(item).items():
            lines = text.splitlines()
            flags = [
                number in changed and is_secret_line(line, starter_lines)
                for number, line in enumerate(lines, start=1)
            ]
            found = frozenset(run for run in fingerprints(lines, flags) if run not in starter_text)
            if found:
                secrets.append(
                    Secret(
                        f"{path} in the {week_id(item.week)} reference",
                        f"unreleased solution of {item.id} ({when})",
                        found,
                    )
                )
    return secrets
