"""Text templates with `@@NAME@@` placeholders (workflows, READMEs, Gradescope scripts).

A template that names a placeholder nobody fills is an error, never a silent hole.
"""

import re
from pathlib import Path

from courseware.errors import CourseError
from courseware.paths import REPO_ROOT

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")


def fill(template: str, values: dict[str, str], where: str) -> str:
    """Replace every `@@NAME@@`; a name without a value is a broken template."""

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in values:
            raise CourseError(f"{where}: the template names @@{name}@@, which has no value")
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


def fill_file(path: Path, values: dict[str, str]) -> str:
    shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
    return fill(path.read_text(encoding="utf-8"), values, str(shown))
