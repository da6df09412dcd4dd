"""What a page names must exist: files, endpoints and names in backticks are in the week's
app, and dates come from the calendar, never typed by hand."""

import re

from course.content.endpoints import ENDPOINT, endpoint_shape, route_matches
from course.content.pages import Page
from course.content.week_app import is_library_name, week_app

_TYPED_DATE = re.compile(
    r"\b20\d\d-\d\d-\d\d\b|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? "
    r"\d{1,2}\b"
)


_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


_APP_PATH = re.compile(r"^(?:coursehub|tests|sql)/[\w/.-]*[\w]$")


_IDENTIFIER = re.compile(r"^(?:[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z_][a-z0-9_]*\(\))$")


def code_reference_problems(page: Page, week: int) -> list[str]:
    """Every file, endpoint and name in backticks exists in the week's app, except what the page
    lists under `introduces:` in its front matter (a file or route an exercise creates)."""
    app = week_app(week)
    introduced = {str(item).strip() for item in page.meta.get("introduces", [])}
    problems = []
    for span in sorted(set(_CODE_SPAN.findall(page.body))):
        span = span.strip()
        if span.split("?")[0] in introduced:
            continue
        if endpoint := ENDPOINT.match(span):
            key = endpoint_shape(*endpoint.groups())
            if not route_matches(key, app.endpoints):
                problems.append(f"{page.shown}: endpoint `{span}` is not in week {week}'s app")
        elif _APP_PATH.match(span):
            if span.rstrip("/") not in app.starter_files:
                problems.append(f"{page.shown}: `{span}` is not in starter/week-{week:02d}/")
        elif _IDENTIFIER.match(span):
            name = span.removesuffix("()")
            if name not in app.names and not is_library_name(name):
                problems.append(f"{page.shown}: `{span}` is defined nowhere in week {week}'s app")
    return problems


def typed_date_problems(page: Page) -> list[str]:
    return [
        f'{page.shown}: typed date {found!r}; use {{{{ session_date }}}} or {{{{ due("hwNN") }}}}'
        for found in _TYPED_DATE.findall(page.body)
    ]
