"""Submissions made from a week's reference for the grader's tests."""

from pathlib import Path

MAIN = "coursehub/main.py"


def hostile(reference: Path, destination: Path, code: str) -> Path:
    """The reference with `code` appended to its main module."""
    destination.mkdir(parents=True)
    for path in reference.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            target = destination / path.relative_to(reference)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    main = destination / MAIN
    main.write_text(main.read_text() + "\n" + code)
    return destination
