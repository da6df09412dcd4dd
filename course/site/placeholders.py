"""The placeholders of lesson pages: `{{ session_date }}`, `{{ due("hwNN") }}` and
`{{ late_policy("hwNN") }}`, filled from the calendar (the site and the exported student
README both use them)."""

import re
from collections.abc import Mapping
from typing import Any

from course.site.dates import due_text, late_policy_sentence, long_date
from courseware.calendar import Calendar
from courseware.errors import CourseError
from courseware.term import HOMEWORK_BY_ID

_PLACEHOLDER = re.compile(
    r"\{\{\s*(?P<name>session_date|due|late_policy)\s*(?:\(\s*(?:\"(?P<arg>[^\"]*)\"|'(?P<arg2>[^']*)')"
    r"\s*\))?\s*\}\}"
)


_ANY_KNOWN_PLACEHOLDER = re.compile(r"\{\{\s*(session_date|due|late_policy)\b")


def fill_placeholders(text: str, meta: Mapping[str, Any], calendar: Calendar, where: str) -> str:
    """Replace `{{ session_date }}`, `{{ due("hwNN") }}` and `{{ late_policy("hwNN") }}`
    with what the calendar says."""

    def replace(found: re.Match[str]) -> str:
        name, argument = found["name"], found["arg"] or found["arg2"]
        if name == "session_date":
            if argument is not None:
                raise CourseError(f"{where}: write {{{{ session_date }}}} without arguments")
            if "week" not in meta or "session" not in meta:
                raise CourseError(
                    f"{where}: {{{{ session_date }}}} needs `week` and `session` in the front "
                    "matter"
                )
            session = calendar.session(int(meta["week"]), int(meta["session"]))
            if session.cancelled_for:
                return f"{long_date(session.day)} (no class: {session.cancelled_for})"
            return long_date(session.day)
        if not argument:
            raise CourseError(f'{where}: write {{{{ {name}("hwNN") }}}} with a homework id')
        try:
            homework = HOMEWORK_BY_ID[argument]
        except KeyError:
            raise CourseError(
                f"{where}: {{{{ {name}({argument!r}) }}}} names no homework; known ids are "
                f"{', '.join(HOMEWORK_BY_ID)}"
            ) from None
        if name == "late_policy":
            return late_policy_sentence(calendar, homework)
        return due_text(calendar.due(homework))

    filled = _PLACEHOLDER.sub(replace, text)
    if broken := _ANY_KNOWN_PLACEHOLDER.search(filled):
        line = filled[: broken.start()].count("\n") + 1
        raise CourseError(
            f"{where}:{line}: malformed placeholder; write {{{{ session_date }}}} or "
            f'{{{{ due("hw03") }}}}'
        )
    return filled
