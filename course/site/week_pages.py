"""The generated index pages: each week, all weeks, the homework table and the worksheets."""

from course.site.dates import due_text, long_date, short_date
from course.site.markdown import table_cell
from course.site.plan import (
    HOMEWORK_KIND_TEXT,
    UNITS,
    SitePlan,
    optional_sessions_page,
    relative_link,
    week_range,
    week_title,
)
from course.site.schedule import (
    due_this_week,
    homework_link,
    listed,
    session_line,
    term_is_over,
)
from courseware.term import HOMEWORK, STARTER_WEEKS, homework_of_week, week_id


def week_page(plan: SitePlan, week: int) -> str:
    here = f"weeks/{week_id(week)}/index.md"
    start, end = week_range(plan, week)
    parts = [
        "---",
        f"title: Week {week}",
        "---",
        "",
        f"# {week_title(plan, week)}",
        "",
        f"{short_date(start)} to {short_date(end)}. "
        f"[See it on the schedule]({relative_link('schedule.md', here)}#{week_id(week)}).",
        "",
        "## Sessions",
        "",
    ]
    for session in plan.calendar.sessions(week):
        parts.append(
            f"- **{short_date(session.day)}**, session {session.number}: "
            f"{session_line(plan, session, here)}"
        )
    assigned = homework_of_week(week)
    parts += ["", "## Homework", ""]
    if assigned and not listed(plan, assigned):
        parts.append("- No homework page was published for this week.")
    elif assigned:
        due = plan.calendar.due(assigned)
        parts.append(
            f"- {homework_link(plan, assigned, here)}: "
            f"{HOMEWORK_KIND_TEXT[assigned.kind]}, due **{due_text(due)}**"
        )
    else:
        parts.append("- No new homework this week.")
    for homework in due_this_week(plan, week):
        parts.append(f"- Due this week: {homework_link(plan, homework, here)}")
    handouts = plan.handouts_of(week)
    worksheets = plan.worksheets_of(week)
    if handouts or worksheets:
        parts += ["", "## Handouts and worksheets", ""]
        parts += [f"- [{h.title}]({relative_link(h.src_uri, here)})" for h in handouts]
        parts += [
            f"- PublishedNotebook {w.assignment}: [{w.title}]({relative_link(w.page_uri, here)})"
            for w in worksheets
        ]
    if optional := plan.optional_sessions(week):
        guide = relative_link(optional_sessions_page(plan), here)
        parts += [
            "",
            "## Optional sessions",
            "",
            "These build on this week's starter and are on no fixed day: an instructor may "
            f"swap one in for a regular session ([where each fits]({guide})).",
            "",
        ]
        parts += [f"- [{s.title}]({relative_link(s.src_uri, here)})" for s in optional]
    if week in STARTER_WEEKS:
        parts += [
            "",
            "## Code",
            "",
            f"The starter of this week is `starter/{week_id(week)}`: your class repository "
            "receives it at the start of the week. Its `tests/` folder holds the visible "
            "behavior contracts; files named `tests/test_hwNN_*.py` fail until you do the "
            "homework.",
        ]
    return "\n".join(parts) + "\n"


def weeks_index_page(plan: SitePlan) -> str:
    here = "weeks/index.md"
    parts = [
        "---",
        "title: All weeks",
        "---",
        "",
        "# All weeks",
        "",
        "Every session plan, homework page, handout and worksheet of the term, week by week.",
        "",
    ]
    for unit, first, last in UNITS:
        parts += [f"## {unit}", ""]
        for week in range(first, last + 1):
            start, _ = week_range(plan, week)
            items = [session_line(plan, s, here) for s in plan.calendar.sessions(week)]
            items += [
                f"[{p.title}]({relative_link(p.src_uri, here)})"
                for p in plan.homework_pages_of(week)
            ]
            items += [
                f"[{h.title}]({relative_link(h.src_uri, here)})" for h in plan.handouts_of(week)
            ]
            items += [
                f"[{w.title}]({relative_link(w.page_uri, here)})" for w in plan.worksheets_of(week)
            ]
            link = relative_link(f"weeks/{week_id(week)}/index.md", here)
            parts.append(f"- **[Week {week}]({link})** ({short_date(start)}): " + " · ".join(items))
        parts.append("")
    if optional := plan.optional_sessions():
        guide = relative_link(optional_sessions_page(plan), here)
        parts += [
            "## Optional sessions",
            "",
            "On no fixed day: an instructor may swap one in for a regular session "
            f"([where each fits]({guide})).",
            "",
        ]
        parts += [
            f"- [{s.title}]({relative_link(s.src_uri, here)}) (on week {s.week}'s starter)"
            for s in optional
        ]
        parts += [
            f"- [{h.title}]({relative_link(h.src_uri, here)})" for h in plan.optional_handouts()
        ]
        parts.append("")
    return "\n".join(parts)


def homework_index_page(plan: SitePlan) -> str:
    here = "homework/index.md"
    rows = [
        "| Homework | Week | Kind | Due | Reference solution |",
        "|---|---|---|---|---|",
    ]
    for homework in (h for h in HOMEWORK if listed(plan, h)):
        release = plan.releases[homework.id]
        if plan.released_solution(homework):
            solution = f"[published]({relative_link(f'solutions/{homework.id}.md', here)})"
        elif homework.kind not in ("contract", "tests"):
            solution = "shown in class"
        elif release is None or release <= plan.moment:
            # Past its date and still not published: its reference is not written.
            solution = "not published"
        else:
            solution = f"from {short_date(release.date())}"
        rows.append(
            f"| {table_cell(homework_link(plan, homework, here))} | {homework.week} | "
            f"{HOMEWORK_KIND_TEXT[homework.kind]} | "
            f"{short_date(plan.calendar.due(homework).date())}, "
            f"{plan.calendar.due(homework):%H:%M} | {solution} |"
        )
    if term_is_over(plan):
        last = plan.calendar.all_sessions()[-1].day
        intro = (
            f"The term ended on {long_date(last)}. Listed here is the homework whose page was "
            "published; the rest of the term's plan has none. Each page keeps its goal, its "
            "behavior contracts and how it was graded."
        )
    else:
        intro = (
            "Each homework page has everything you need: the goal, the behavior contracts, how "
            "to run the visible tests, how it is graded and when it is due. Start with the "
            f"[set-up guide]({relative_link('setup.md', here)}) (HW0) and read "
            f"[how the autograder answers]({relative_link('feedback.md', here)}) before your "
            "first pull request."
        )
    return "\n".join(
        [
            "---",
            "title: Homework",
            "---",
            "",
            "# Homework",
            "",
            intro,
            "",
            *rows,
            "",
            f"Due times are in {plan.calendar.timezone}. A reference solution is published on "
            "the date shown; from then on its homework page links to it.",
            "",
        ]
    )


def worksheets_index_page(plan: SitePlan) -> str:
    here = "worksheets/index.md"
    parts = [
        "---",
        "title: Worksheets",
        "---",
        "",
        "# Worksheets",
        "",
        "Worksheets are Jupyter notebooks. Open one here to read it, or download it, fill it "
        "in with `uv run --with jupyterlab jupyter lab` in your course folder (JupyterLab is "
        "fetched for that command; it is not part of the starter), and hand it in as its "
        "session or homework page says. Cells that say `YOUR CODE HERE` or `YOUR ANSWER HERE` "
        "are yours; the cells after them check your answer (more checks run when it is graded).",
        "",
    ]
    if not plan.worksheets:
        parts.append("No worksheet is published yet.")
    for worksheet in plan.worksheets:
        when = f"week {worksheet.week}" if worksheet.week else "any week"
        parts.append(
            f"- **{worksheet.assignment}** ({when}): "
            f"[{worksheet.title}]({relative_link(worksheet.page_uri, here)})"
        )
    return "\n".join(parts) + "\n"
