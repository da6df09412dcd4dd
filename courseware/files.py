"""Writing files so that an interrupted run never leaves half of one, and naming a folder's
content by a digest."""

import hashlib
import json
from pathlib import Path
from typing import Any


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write beside the target, then rename over it: readers see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    if isinstance(content, bytes):
        temporary.write_bytes(content)
    else:
        temporary.write_text(content, encoding="utf-8")
    temporary.replace(path)


def write_json(path: Path, data: Any, indent: int = 1) -> None:
    write_atomic(path, json.dumps(data, indent=indent) + "\n")


class FolderDigest:
    """A digest of files by relative path and content: the same files give the same digest,
    whatever their timestamps or the order the disk lists them in (callers add them sorted)."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()

    def add(self, relative: str, content: bytes) -> None:
        self._digest.update(relative.encode() + b"\0" + hashlib.sha256(content).digest())

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def tree_digest(roots: list[Path]) -> str:
    """A short digest of everything under `roots` (folders or files), e.g. for a cache key."""
    digest = FolderDigest()
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.add(str(path.relative_to(root.parent)), path.read_bytes())
    return digest.hexdigest()[:16]
