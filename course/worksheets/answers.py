"""A worksheet's answers as plain data: which names are answers, and how they leave the kernel.

The student's kernel runs the student's cells and then one more, `export_source(names)`, which
prints every answer as tagged JSON (str, numbers, lists, tuples, sets, dicts). Whatever the
student's code does to that kernel, what comes out is text, and the checks are run on what
that text decodes to, in another interpreter (`course.worksheets.checks`).
"""

import ast
import json
from typing import Any

from course.worksheets.notebooks import cell_text, nbgrader_meta

# The line the export cell prints starts with this. A student's cell may print it too: that
# only chooses the student's own answers, which their cells choose anyway.
MARKER = "coursehub-answers:"
# More than any worksheet's answers, far less than a flood.
MAX_EXPORT_CHARACTERS = 2_000_000

_EXPORT = """
def _coursehub_export(names):
    import json

    def plain(value, depth=0):
        kind = type(value)
        if depth > 40:
            return {"unreadable": "data nested more than 40 deep"}
        if value is None or kind in (bool, int, float, str):
            return value
        if kind is list:
            return [plain(item, depth + 1) for item in value]
        if kind in (tuple, set, frozenset):
            return {kind.__name__: [plain(item, depth + 1) for item in value]}
        if kind is dict:
            return {"dict": [[plain(k, depth + 1), plain(v, depth + 1)] for k, v in value.items()]}
        return {"unreadable": kind.__name__}

    found = {name: plain(globals()[name]) for name in names if name in globals()}
    print(MARKER + json.dumps(found))


_coursehub_export(NAMES)
"""


def export_source(names: list[str]) -> str:
    """The cell that prints the answers, appended after the student's last cell."""
    return _EXPORT.replace("MARKER", repr(MARKER)).replace("NAMES", repr(names))


def answer_names(source: dict[str, Any]) -> list[str]:
    """The names the answer cells of an instructor's notebook assign, in order."""
    names: list[str] = []
    for cell in source["cells"]:
        if cell["cell_type"] != "code" or not nbgrader_meta(cell).get("solution"):
            continue
        for statement in ast.parse(cell_text(cell)).body:
            targets: list[ast.expr] = []
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
                targets = [statement.target]
            for target in targets:
                for node in ast.walk(target):
                    if isinstance(node, ast.Name) and node.id not in names:
                        names.append(node.id)
    return names


def exported_answers(printed: str) -> dict[str, Any]:
    """The answers the export cell printed (its last marked line), still tagged.

    Raises ValueError, saying why, when there is none that can be read.
    """
    lines = [line for line in printed.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise ValueError("the notebook stopped before its answers could be read")
    text = lines[-1][len(MARKER) :]
    if len(text) > MAX_EXPORT_CHARACTERS:
        raise ValueError("the answers are too large to read")
    try:
        answers = json.loads(text)
    except (ValueError, RecursionError):
        raise ValueError("the answers could not be read") from None
    if not isinstance(answers, dict):
        raise ValueError("the answers could not be read")
    return answers
