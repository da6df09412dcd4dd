"""What the hooks add to a page pulled from `lessons/`: its facts and objectives as a header,
and for a homework page its visible tests and its solution's date."""

import html
import re

from course.site.dates import due_text, homework_label, long_date
from course.site.markdown import fenced, inline
from course.site.plan import HOMEWORK_KIND_TEXT, SitePlan, relative_link
from course.site.sources import OPTIONAL_SESSION, SourcePage
from courseware.render import starter_path
from courseware.term import HOMEWORK_BY_ID, parse_week, week_id


def place_in_term(plan: SitePlan, source: SourcePage) -> list[str]:
    """A session plan's week, number and day; an optional session has none of them."""
    if source.session is None:
        return ["Optional session, on no fixed day (an instructor swaps it in)"]
    session = plan.calendar.session(source.week, source.session)
    facts = [f"Week {source.week}, session {source.session}", long_date(session.day)]
    if session.cancelled_for:
        facts.append(f"**no class: {session.cancelled_for}**")
    return facts


def page_header(plan: SitePlan, source: SourcePage, body: str) -> str:
    """The title, date and objectives a session plan keeps in its front matter, made visible."""
    lines: list[str] = []
    if not re.search(r"^# ", body, re.MULTILINE):
        lines += [f"# {source.title}", ""]
    meta = source.meta
    if source.kind == OPTIONAL_SESSION or (source.kind == "session" and source.session):
        facts = place_in_term(plan, source)
        facts += [str(meta[key]) for key in ("type",) if meta.get(key)]
        if meta.get("duration"):
            facts.append(f"{meta['duration']} minutes")
        if meta.get("starter"):
            facts.append(f"starter `starter/{week_id(parse_week(str(meta['starter'])))}`")
        lines += ['<p class="page-facts">' + " · ".join(inline(f) for f in facts) + "</p>", ""]
        objectives = meta.get("objectives") or []
        if objectives:
            lines += ['!!! abstract "Learning objectives"', ""]
            lines += [f"    - {objective}" for objective in objectives]
            lines.append("")
    if source.kind == "homework" and source.homework_id:
        homework = HOMEWORK_BY_ID[source.homework_id]
        due = plan.calendar.due(homework)
        lines += [
            '<p class="page-facts">'
            + " · ".join(
                [
                    f"{homework_label(homework)}, week {homework.week}",
                    HOMEWORK_KIND_TEXT[homework.kind],
                    f"<strong>due {html.escape(due_text(due))}</strong>",
                ]
            )
            + "</p>",
            "",
        ]
    return "\n".join(lines)


def homework_footer(plan: SitePlan, source: SourcePage, here: str) -> str:
    """The visible tests of the homework, quoted from the starter, and its solution's date."""
    assert source.homework_id is not None
    homework = HOMEWORK_BY_ID[source.homework_id]
    parts: list[str] = []
    starter = starter_path(homework.week)
    tests = sorted(starter.glob(f"tests/test_{homework.id}_*.py")) if starter.is_dir() else []
    if tests:
        parts += [
            "",
            "## The visible tests in your starter",
            "",
            "Quoted from `starter/"
            + week_id(homework.week)
            + "`; "
            + (
                "this is the file you fill in."
                if homework.kind == "tests"
                else "the hidden suite that grades you has these and more."
            ),
            "",
        ]
        for test in tests:
            relative = test.relative_to(starter).as_posix()
            source_text = test.read_text(encoding="utf-8")
            parts += [f'??? example "`{relative}`"', ""]
            block = fenced(source_text, "python", f' title="{relative}"')
            parts += ["    " + line if line else "" for line in block.splitlines()]
            parts.append("")
    release = plan.releases[homework.id]
    if plan.released_solution(homework):
        link = relative_link(f"solutions/{homework.id}.md", here)
        parts += ["", f'!!! success "The reference solution is [published]({link})."', ""]
    elif homework.kind in ("contract", "tests") and release is not None:
        parts += [
            "",
            f'!!! info "The reference solution is published on {long_date(release.date())}."',
            "",
        ]
    return "\n".join(parts)
