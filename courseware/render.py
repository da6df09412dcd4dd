"""Render week-by-week starters and references from the annotated solution.

`starter/week-NN/` is always the output of this module and nothing else; `check` proves it.
"""

import filecmp
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from courseware.errors import CourseError
from courseware.lock import locked_versions, pin_requirements
from courseware.markers import Mode, render_text, style_for
from courseware.paths import REPO_ROOT, SOLUTIONS_DIR, STARTER_DIR
from courseware.term import app_of_week, homework, week_id

IGNORED_NAMES = {
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".venv",
    ".env",
    ".DS_Store",
    "uv.lock",
}
IGNORED_SUFFIXES = {".pyc", ".db", ".sqlite3"}


@dataclass(frozen=True)
class RenderedFile:
    relative: Path
    content: bytes


def source_of(week: int) -> Path:
    """The annotated app `week` is rendered from: CourseHub, or the capstone's Conduit."""
    return SOLUTIONS_DIR / app_of_week(week)


def render_tree(
    week: int, mode: Mode, source: Path | None = None, held: frozenset[str] = frozenset()
) -> list[RenderedFile]:
    """The files of `week` (its starter or its reference) rendered from `source` (default:
    the week's app, `source_of`) afresh; `held` homework of earlier weeks is left stubbed
    (see `check_held`)."""
    source = source or source_of(week)
    if not source.is_dir():
        raise CourseError(f"the reference app is missing: {source} is not a folder")
    versions = locked_versions()
    files = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or _ignored(relative):
            continue
        if path.is_symlink():
            raise CourseError(f"{path}: symlinks are not allowed in solutions/")
        style = style_for(relative)
        if style is None:
            files.append(RenderedFile(relative, path.read_bytes()))
            continue
        text = render_text(
            path.read_text(encoding="utf-8"),
            style,
            week,
            mode,
            where=str(path.relative_to(REPO_ROOT)),
            held=held,
        )
        if text is None:
            continue
        if relative == Path("pyproject.toml"):
            text = pin_requirements(text, versions)
        files.append(RenderedFile(relative, text.encode("utf-8")))
    return files


@cache
def _rendered_tuple(week: int, mode: Mode) -> tuple[RenderedFile, ...]:
    return tuple(render_tree(week, mode))


def rendered(week: int, mode: Mode) -> list[RenderedFile]:
    """`render_tree` of the reference app, once per process: the site reads every week, and
    grading HW1 starts the week's reference eleven times. `clear_rendered` forgets them."""
    return list(_rendered_tuple(week, mode))


def rendered_by_path(week: int, mode: Mode) -> dict[str, bytes]:
    """`rendered(week, mode)` as {posix path: content}."""
    return {item.relative.as_posix(): item.content for item in _rendered_tuple(week, mode)}


def sends_mail(week: int) -> bool:
    """Whether the week's app sends email (week 9 on): grading it and serving it then run an
    SMTP server for it."""
    return "coursehub/core/mail.py" in rendered_by_path(week, "reference")


def clear_rendered() -> None:
    """Forget the rendered weeks (after `solutions/` changed, e.g. between two site builds)."""
    _rendered_tuple.cache_clear()


def _ignored(relative: Path) -> bool:
    return any(part in IGNORED_NAMES for part in relative.parts) or (
        relative.suffix in IGNORED_SUFFIXES
    )


def write_tree(files: list[RenderedFile], destination: Path) -> None:
    """Replace `destination` with exactly these files (built aside, then swapped in)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=destination.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a starter is for everyone to read
    try:
        for item in files:
            target = staging / item.relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.content)
        if destination.exists():
            shutil.rmtree(destination)
        staging.rename(destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def render_week(
    week: int, mode: Mode, destination: Path, held: frozenset[str] = frozenset()
) -> Path:
    write_tree(render_tree(week, mode, held=held), destination)
    return destination


def check_held(week: int, mode: Mode, held: Iterable[str]) -> frozenset[str]:
    """The homework ids to hold back in `week`'s starter, or why they cannot be."""
    ids = frozenset(held)
    if ids and mode != "starter":
        raise CourseError("--hold stubs homework in a starter; a reference holds every answer")
    for homework_id in sorted(ids):
        item = homework(homework_id)
        if item.kind not in ("contract", "tests"):
            raise CourseError(f"{homework_id} is a {item.kind} homework: there is no code to hold")
        if item.week >= week:
            raise CourseError(
                f"{homework_id} is week {item.week}'s homework: {week_id(week)}'s starter "
                "does not hold its answer yet; hold only homework of earlier weeks"
            )
    return ids


def starter_path(week: int) -> Path:
    return STARTER_DIR / week_id(week)


def stale_files(week: int) -> list[str]:
    """What differs between the committed starter of `week` and a fresh rendering of it."""
    committed = starter_path(week)
    if not committed.is_dir():
        return [f"{committed.relative_to(REPO_ROOT)} is missing"]
    with tempfile.TemporaryDirectory() as scratch:
        fresh = render_week(week, "starter", Path(scratch) / week_id(week))
        return _differences(fresh, committed, committed.relative_to(REPO_ROOT))


def _differences(fresh: Path, committed: Path, shown: Path) -> list[str]:
    def files(root: Path) -> set[Path]:
        return {
            path.relative_to(root)
            for path in root.rglob("*")
            if path.is_file() and not _ignored(path.relative_to(root))
        }

    fresh_files, committed_files = files(fresh), files(committed)
    problems = [f"{shown / name}: missing" for name in sorted(fresh_files - committed_files)]
    problems += [
        f"{shown / name}: not in solutions/" for name in sorted(committed_files - fresh_files)
    ]
    problems += [
        f"{shown / name}: differs from what solutions/ renders"
        for name in sorted(fresh_files & committed_files)
        if not filecmp.cmp(fresh / name, committed / name, shallow=False)
    ]
    return problems
