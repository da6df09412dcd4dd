"""The "Team project" pages: an overview of the milestones and one page per milestone, made
from `lessons/project/milestones.toml`, the file the gradebook reads too (so the checklist a
team reads is the one its TA grades with)."""

import json
from datetime import datetime

from autograder.project.check import ROWS
from autograder.project.milestones import MachineItem, Milestone, load_milestones
from course.site.dates import due_text, short_date
from course.site.markdown import table_cell
from course.site.plan import SitePlan, relative_link
from courseware.term import Homework, week_id

INDEX = "project/index.md"
# What each `course check-project` row asks of a project, for the overview page.
CHECK_TEXT = {
    "tests": "the test suite runs in the sandbox (with a time limit) and no test fails; a "
    "failure names each failing test",
    "entities": "the database that `alembic upgrade head` makes has at least three tables "
    "with a primary key, a foreign key between two of them, and NOT NULL, UNIQUE and CHECK "
    "constraints; the row lists your tables and what is missing",
    "migrations": "`alembic upgrade head` on a fresh SQLite database, then `downgrade base` "
    "(no table may be left), then `upgrade head` again (the same schema as the first time)",
    "fuzz": "the app is started on a fresh database and every operation of its OpenAPI "
    "document gets generated requests, valid and invalid; none may be answered with a 5xx",
    "readme": "the README's command that runs the app serves it (it answers `GET /health` or "
    "`GET /openapi.json` within 30 seconds), and its test command runs the tests",
}


def page_uri(milestone: Milestone) -> str:
    return f"project/{milestone.id}.md"


def nav_title(milestone: Milestone) -> str:
    return f"Milestone {milestone.id.removeprefix('m')}: {milestone.title}"


def due(plan: SitePlan, milestone: Milestone) -> datetime:
    """Due as the homework of its week is (the last milestone on the term's last day)."""
    return plan.calendar.due(Homework(milestone.id, milestone.week, milestone.title, "project"))


def project_index_page(plan: SitePlan) -> str:
    rows = ["| Milestone | Week | Due | Points | Checked by machine |", "|---|---|---|---|---|"]
    for milestone in load_milestones():
        link = f"[{nav_title(milestone)}]({relative_link(page_uri(milestone), INDEX)})"
        moment = due(plan, milestone)
        machine = sum(item.points for item in milestone.machine)
        rows.append(
            f"| {table_cell(link)} | {milestone.week} | {short_date(moment.date())}, "
            f"{moment:%H:%M} | {milestone.points:g} | {machine:g} of {milestone.points:g} |"
        )
    checks = [f"- **{ROWS[check]}**: {text}." for check, text in CHECK_TEXT.items()]
    week_one = relative_link(f"weeks/{week_id(1)}/index.md", INDEX)
    return "\n".join(
        [
            "---",
            "title: Team project",
            "---",
            "",
            "# Team project",
            "",
            "In teams of three or four you build a backend of your own idea through the term, "
            "beside CourseHub: the idea and its schema in the first weeks (session 2 of "
            f"[week 1]({week_one}), *From idea to shape*), then the same steps the course app "
            "takes, up to a demo in the last session. Each milestone below is graded with its "
            "checklist: a TA grades the lines that need a person, and a machine decides the "
            "rest.",
            "",
            *rows,
            "",
            f"Due times are in {plan.calendar.timezone}. A milestone is handed in as the state "
            "of your team's repository at its due time, with the files its page asks for.",
            "",
            "## The machine checks",
            "",
            "Your TA runs `course check-project` on your repository. It runs your code the "
            "way the autograder runs homework: in a sandbox with no network, on a fresh "
            "database, with time limits. It reports five rows, and each failed row says what "
            "to add or fix:",
            "",
            *checks,
            "",
            "## How your project is found",
            "",
            "- **The app**: the one package at the top of the repository with a `main.py` is "
            "served as `<package>.main:app`. Another place is named in `pyproject.toml`:",
            "",
            "    ```toml",
            "    [tool.course]",
            '    app = "shelf.web:app"',
            "    ```",
            "",
            "- **The migrations**: `alembic.ini` at the top of the repository, or "
            '`alembic = "path/alembic.ini"` in the same table. Your `migrations/env.py` reads '
            "the database's address from `DATABASE_URL`, as the course app's does.",
            "- **The commands**: the README's code blocks. The first line that starts the app "
            "(`uv run python -m <package>`) and the first that runs the tests "
            "(`uv run pytest`). They run in the course's environment, with its packages and "
            "without the network: write them so that they work in a fresh clone.",
            "",
            "## How the points are given",
            "",
            "A line checked by machine earns all of its points when its row passed and none "
            "when it failed. The other lines are graded by your TA, with the check written "
            "beside each, after the due time; until then the gradebook shows them as pending.",
            "",
        ]
    )


def milestone_page(plan: SitePlan, milestone: Milestone) -> str:
    here = page_uri(milestone)
    moment = due(plan, milestone)
    rows = [
        "| What earns the points | Points | How it is checked | Graded by |",
        "|---|---|---|---|",
    ]
    for item in milestone.items:
        if isinstance(item, MachineItem):
            criterion, check, by = item.criterion, item.check, "machine"
        else:
            criterion, check = item.title, item.checks[0].check
            by = f"TA, in `{item.file}`"
        rows.append(f"| {table_cell(criterion)} | {item.points:g} | {table_cell(check)} | {by} |")
    return "\n".join(
        [
            "---",
            f"title: {json.dumps(nav_title(milestone))}",  # a YAML string, colon and all
            "---",
            "",
            f"# {nav_title(milestone)}",
            "",
            f"Due **{due_text(moment)}**, after week {milestone.week}; "
            f"{milestone.points:g} points. "
            f"[All milestones]({relative_link(INDEX, here)}).",
            "",
            milestone.summary,
            "",
            "## What to hand in",
            "",
            *(f"- {line}" for line in milestone.hand_in),
            "",
            "## Checklist",
            "",
            *rows,
            "",
        ]
    )
