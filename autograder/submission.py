"""Take a copy of a submission that is safe for the grader to handle.

Symlinks (which could point at the hidden tests or at /etc), devices and sockets are left out,
and so are caches and virtual environments; a submission too big to be a homework is refused
rather than copied. The grader only ever works on this copy.
"""

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from courseware.files import FolderDigest

SKIPPED_DIRS = {
    ".git",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "node_modules",
}
SKIPPED_SUFFIXES = (".pyc", ".db", ".sqlite3")
MAX_FILES = 2000
MAX_BYTES = 20 * 1024 * 1024


class SubmissionError(Exception):
    """The submission cannot be graded at all; the message tells the student why."""


@dataclass
class SafeCopy:
    root: Path
    digest: str  # identifies the content: same files, same digest
    notes: list[str] = field(default_factory=list)


def _plain_files(source: Path, notes: list[str]) -> Iterator[tuple[Path, Path]]:
    """(relative path, path) of every regular file worth grading, in a stable order."""
    for folder, dirnames, filenames in os.walk(source, followlinks=False):
        here = Path(folder)
        kept = []
        for name in sorted(dirnames):
            if name in SKIPPED_DIRS:
                continue
            if (here / name).is_symlink():
                notes.append(f"Ignored the symlink {(here / name).relative_to(source)}.")
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                notes.append(f"Ignored the symlink {path.relative_to(source)}.")
            elif stat.S_ISREG(mode) and not name.endswith(SKIPPED_SUFFIXES):
                yield path.relative_to(source), path


def safe_copy(source: Path, destination: Path) -> SafeCopy:
    if not source.is_dir() or source.is_symlink():
        raise SubmissionError(f"the submission {source} is not a folder")
    destination.mkdir(parents=True)
    destination.chmod(0o755)
    notes: list[str] = []
    digest = FolderDigest()
    total = 0
    for files, (relative, path) in enumerate(_plain_files(source, notes), start=1):
        total += path.lstat().st_size
        if files > MAX_FILES or total > MAX_BYTES:
            raise SubmissionError(
                f"the submission is too large (over {MAX_FILES} files or "
                f"{MAX_BYTES // 2**20} MB); remove build output, data and virtual environments"
            )
        content = path.read_bytes()
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o755)
        target.write_bytes(content)
        target.chmod(0o644)
        digest.add(str(relative), content)
    if any(note.startswith("Ignored the symlink") for note in notes):
        notes = [*sorted(set(notes)), "Submissions are plain files: symlinks are not graded."]
    return SafeCopy(destination, digest.hexdigest(), notes)


def folder_digest(source: Path) -> str:
    """The digest `safe_copy` would give, without copying (to skip work already graded)."""
    digest = FolderDigest()
    for relative, path in _plain_files(source, []):
        digest.add(str(relative), path.read_bytes())
    return digest.hexdigest()
