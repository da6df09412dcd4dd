"""The schedule: week cards, the term's Gantt chart, the home page's current week, and the
term as an iCalendar file."""

import re
from datetime import UTC, date, time, timedelta

from course.site.dates import homework_label, long_date, short_date
from course.site.markdown import table_cell
from course.site.plan import (
    UNITS,
    SitePlan,
    optional_sessions_page,
    relative_link,
    session_title,
    week_range,
)
from courseware.calendar import Session
from courseware.term import HOMEWORK, WEEKS, Homework, homework_of_week, week_id


def term_is_over(plan: SitePlan) -> bool:
    return plan.moment.date() > plan.calendar.all_sessions()[-1].day


def listed(plan: SitePlan, homework: Homework) -> bool:
    """During the term every homework of the plan is listed, written yet or not; after it,
    only the homework whose page was published (nothing more is coming)."""
    return not term_is_over(plan) or plan.homework_page(homework.id) is not None


def due_this_week(plan: SitePlan, week: int) -> list[Homework]:
    start, end = week_range(plan, week)
    return [h for h in HOMEWORK if start <= plan.calendar.due(h).date() <= end and listed(plan, h)]


def session_line(plan: SitePlan, session: Session, here: str) -> str:
    title, page = session_title(plan, session.week, session.number)
    missing = "*(no plan published)*" if term_is_over(plan) else "*(plan coming)*"
    label = f"[{title}]({relative_link(page.src_uri, here)})" if page else f"{title} {missing}"
    if session.cancelled_for:
        return f"~~{label}~~ **No class: {session.cancelled_for}**"
    return label


def homework_name(homework: Homework) -> str:
    """ "HW3: CRUD for courses"; a title that starts with its own label already (the
    capstone's does) does not get it twice."""
    label = homework_label(homework)
    if homework.title.casefold().startswith(label.casefold()):
        return homework.title
    return f"{label}: {homework.title}"


def homework_link(plan: SitePlan, homework: Homework, here: str) -> str:
    name = homework_name(homework)
    page = plan.homework_page(homework.id)
    return f"[{name}]({relative_link(page.src_uri, here)})" if page else name


def week_card(plan: SitePlan, week: int, here: str, heading: str = "###") -> str:
    """One week of the schedule: its sessions, what is handed out and what is due. Without a
    heading level, its title is a bold line (the home page keeps its table of contents short)."""
    start, end = week_range(plan, week)
    # (day, order within the day, text): what is due comes before the class that day.
    entries: list[tuple[date, int, str]] = []
    for session in plan.calendar.sessions(week):
        entries.append(
            (session.day, 1, f"Session {session.number}: {session_line(plan, session, here)}")
        )
    for homework in due_this_week(plan, week):
        due = plan.calendar.due(homework)
        entries.append(
            (
                due.date(),
                0 if due.time() < time(12) else 3,
                f":material-clock-alert-outline: **Due {due:%H:%M}:** "
                f"{homework_link(plan, homework, here)}",
            )
        )
    if (assigned := homework_of_week(week)) and listed(plan, assigned):
        entries.append(
            (
                plan.calendar.sessions(week)[0].day,
                2,
                f":material-book-open-outline: **Out:** {homework_link(plan, assigned, here)}",
            )
        )
    rows = ["| Day | What |", "|---|---|"]
    rows += [f"| {short_date(day)} | {table_cell(text)} |" for day, _, text in sorted(entries)]
    week_link = relative_link(f"weeks/{week_id(week)}/index.md", here)
    return "\n".join(
        [
            f'<div class="schedule-week" data-start="{start}" data-end="{end}" '
            f'data-week="{week}" markdown>',
            "",
            f"{heading} [Week {week}]({week_link}): {short_date(start)} to {short_date(end)}"
            f" {{ #{week_id(week)} }}"
            if heading
            else f"**[Week {week}]({week_link}): {short_date(start)} to {short_date(end)}**",
            "",
            *rows,
            "",
            "</div>",
        ]
    )


def break_card(name: str, monday: date, heading: str = "###") -> str:
    sunday = monday + timedelta(days=6)
    title = f"{name}: {short_date(monday)} to {short_date(sunday)}"
    return "\n".join(
        [
            f'<div class="schedule-week schedule-break" data-start="{monday}" '
            f'data-end="{sunday}" markdown>',
            "",
            f"{heading} {title}" if heading else f"**{title}**",
            "",
            "No classes this week; nothing is due.",
            "",
            "</div>",
        ]
    )


def breaks_before(plan: SitePlan, week: int) -> list[tuple[str, date]]:
    monday = plan.calendar.week_monday(week)
    previous = plan.calendar.week_monday(week - 1) if week > 1 else date.min
    return [(name, day) for name, day in plan.calendar.breaks if previous < day < monday]


def gantt_text(text: str) -> str:
    """Text for a Gantt task or section name. A task's name ends at its first ':' (and '#' and
    ';' are syntax too), so those are written as Mermaid's entity codes: they still show."""
    return re.sub(r"[:#;]", lambda found: f"#{ord(found[0])};", text)


def term_gantt(plan: SitePlan) -> str:
    """The whole term as a Mermaid Gantt chart: units, weeks, breaks and due dates.

    Names are shown whole (the chart's left column is wide enough for the units' names; a
    week's name stands beside its bar), and the axis marks every week's Monday.
    """
    lines = [
        "```mermaid",
        '%%{init: {"gantt": {"fontSize": 14, "sectionFontSize": 13, "barHeight": 18, '
        '"barGap": 5, "topPadding": 40, "leftPadding": 200, "rightPadding": 20, '
        '"gridLineStartPadding": 30, "useWidth": 860, "useMaxWidth": true}}}%%',
        "gantt",
        f"    title {gantt_text(plan.calendar.name)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %d",
        "    tickInterval 1week",
        "    weekday monday",
    ]
    for unit, first, last in UNITS:
        lines.append(f"    section {gantt_text(unit)}")
        for week in range(first, last + 1):
            start, _ = week_range(plan, week)
            lines.append(
                f"    {gantt_text(f'W{week} {session_title(plan, week, 1)[0]}')} "
                f":w{week}, {start}, 5d"
            )
    if plan.calendar.breaks:
        lines.append("    section Breaks")
        for name, monday in plan.calendar.breaks:
            lines.append(f"    {gantt_text(name)} :crit, {monday}, 5d")
    lines.append("    section Due")
    for homework in (h for h in HOMEWORK if listed(plan, h)):
        due = plan.calendar.due(homework).date()
        lines.append(f"    {homework_label(homework)} :milestone, {due}, 0d")
    lines.append("```")
    return "\n".join(lines)


def schedule_page(plan: SitePlan) -> str:
    here = "schedule.md"
    calendar = plan.calendar
    first, last = calendar.all_sessions()[0].day, calendar.all_sessions()[-1].day
    parts = [
        "---",
        "title: Schedule",
        "hide:",
        "  - navigation",
        "---",
        "",
        f"# Schedule: {calendar.name}",
        "",
        f"Classes meet on {' and '.join(calendar.meeting_days)} "
        f"({calendar.session_minutes} minutes each), from {long_date(first)} to "
        f"{long_date(last)}. Homework of a week is due on the first class day of the next "
        f"week at {calendar.due_time:%H:%M} ({calendar.timezone}).",
        "",
        '<p class="schedule-jump" hidden><a href="#this-week">Jump to this week</a></p>',
        "",
        "[:material-calendar-export: Add to your calendar (.ics)](schedule.ics){ .md-button }",
        "",
        "## The term at a glance",
        "",
        term_gantt(plan),
        "",
        "## Week by week",
        "",
    ]
    for week in WEEKS:
        parts += [break_card(name, monday) for name, monday in breaks_before(plan, week)]
        parts += [week_card(plan, week, here), ""]
    if plan.optional_sessions():
        guide = relative_link(optional_sessions_page(plan), here)
        parts += [
            "## Optional sessions",
            "",
            "The optional sessions are on no day of this calendar: an instructor may swap one "
            f"in for a regular session. [Where each fits and what it needs]({guide}).",
            "",
        ]
    return "\n".join(parts)


def this_week_cards(plan: SitePlan, here: str) -> str:
    """All week cards, hidden; a script shows the current one (the site is static)."""
    cards = [
        '<div class="this-week-cards" markdown>',
        "",
        '<div class="schedule-week schedule-before" markdown>',
        "",
        f"The term starts on {long_date(plan.calendar.all_sessions()[0].day)}.",
        "",
        "</div>",
        "",
    ]
    for week in WEEKS:
        cards += [break_card(n, monday, heading="") for n, monday in breaks_before(plan, week)]
        cards += [week_card(plan, week, here, heading=""), ""]
    cards += [
        '<div class="schedule-week schedule-after" markdown>',
        "",
        f"The term ended on {long_date(plan.calendar.all_sessions()[-1].day)}. What was "
        f"published stays here: [every week]({relative_link('weeks/index.md', here)}), "
        f"[the homework]({relative_link('homework/index.md', here)}) and "
        f"[the reference solutions]({relative_link('solutions/index.md', here)}).",
        "",
        "</div>",
        "",
        "</div>",
    ]
    return "\n".join(cards)


def calendar_file(plan: SitePlan) -> str:
    """The schedule as an iCalendar file, for students' own calendars."""
    stamp = plan.moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CourseHub courseware//schedule//EN"]

    def event(uid: str, start: str, summary: str, extra: str = "") -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@coursehub", f"DTSTAMP:{stamp}", start])
        if extra:
            lines.append(extra)
        lines.extend([f"SUMMARY:{summary}", "END:VEVENT"])

    for session in plan.calendar.all_sessions():
        title, _ = session_title(plan, session.week, session.number)
        if session.cancelled_for:
            title = f"No class: {session.cancelled_for}"
        event(
            f"{session.id.replace('/', '-')}",
            f"DTSTART;VALUE=DATE:{session.day:%Y%m%d}",
            f"Week {session.week}, session {session.number}: {title}",
        )
    for homework in HOMEWORK:
        due = plan.calendar.due(homework)
        event(
            f"due-{homework.id}",
            f"DTSTART:{due.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"Due: {homework_name(homework)}",
            "DURATION:PT0M",
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
