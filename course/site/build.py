"""Planning one build of the site (`plan_site`), running mkdocs, and checking a built site."""

import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from autograder.project.milestones import load_milestones
from course.content.instructor_blocks import instructor_problems, read_blocks
from course.site.app_facts import starter_endpoints
from course.site.app_pages import data_model_page, endpoints_page
from course.site.dates import SITE_DATE_VARIABLE, site_moment, solution_releases
from course.site.edition import (
    EDITION_VARIABLE,
    INSTRUCTORS,
    INSTRUCTORS_SITE_DIR,
    PUBLIC,
    PUBLIC_SITE_DIR,
)
from course.site.leaks import Leak, find_leaks
from course.site.notebooks import notebook_page, released_notebooks, student_worksheets
from course.site.plan import SitePlan
from course.site.project_pages import milestone_page, page_uri, project_index_page
from course.site.schedule import calendar_file, schedule_page
from course.site.secrets import collect_secrets, public_lines
from course.site.solutions import solution_page, solutions_index_page
from course.site.sources import SourcePage, lesson_assets, lesson_sources
from course.site.week_pages import (
    homework_index_page,
    week_page,
    weeks_index_page,
    worksheets_index_page,
)
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR, REPO_ROOT
from courseware.render import clear_rendered
from courseware.term import HOMEWORK, WEEKS, week_id


def check_instructor_blocks(sources: list[SourcePage]) -> None:
    """Refuse to build from lessons whose instructors blocks are broken, or that leave a key
    outside one: either would publish the key. A homework page may hold no block at all: it
    is copied as it is into the student repository (`course export`)."""
    problems = []
    for source in sources:
        path = source.path
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        text = path.read_text(encoding="utf-8")
        problems += instructor_problems(text, str(shown))
        if source.kind == "homework" and (blocks := read_blocks(text, str(shown)).blocks):
            problems.append(
                f"{shown}:{blocks[0].first_line}: a homework page goes into the student "
                "repository as it is, instructors blocks included; move the block to a "
                "session plan"
            )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CourseError(problems[0] + more)


def plan_site(
    moment: datetime | None = None,
    lessons_dir: Path = LESSONS_DIR,
    environ: Mapping[str, str] = os.environ,
) -> SitePlan:
    calendar = load_calendar()
    sources = lesson_sources(lessons_dir)
    check_instructor_blocks(sources)
    plan = SitePlan(
        calendar=calendar,
        moment=moment or site_moment(calendar, environ),
        releases=solution_releases(calendar),
        sources=sources,
        assets=lesson_assets(lessons_dir),
        worksheets=student_worksheets(released_notebooks(environ)),
        endpoints=starter_endpoints(),
    )
    plan.pages["schedule.md"] = schedule_page(plan)
    plan.pages["weeks/index.md"] = weeks_index_page(plan)
    for week in WEEKS:
        plan.pages[f"weeks/{week_id(week)}/index.md"] = week_page(plan, week)
    plan.pages["homework/index.md"] = homework_index_page(plan)
    plan.pages["worksheets/index.md"] = worksheets_index_page(plan)
    plan.pages["solutions/index.md"] = solutions_index_page(plan)
    for homework in HOMEWORK:
        if plan.released_solution(homework):
            plan.pages[f"solutions/{homework.id}.md"] = solution_page(plan, homework)
    plan.pages["project/index.md"] = project_index_page(plan)
    for milestone in load_milestones():
        plan.pages[page_uri(milestone)] = milestone_page(plan, milestone)
    plan.pages["app/endpoints.md"] = endpoints_page(plan)
    plan.pages["app/data-model.md"] = data_model_page()
    for worksheet in plan.worksheets:
        plan.pages[worksheet.page_uri] = notebook_page(worksheet)
    plan.files["schedule.ics"] = calendar_file(plan)
    return plan


def clear_caches() -> None:
    """Forget rendered weeks and public text, for a rebuild after the sources changed."""
    clear_rendered()
    public_lines.cache_clear()
    load_calendar.cache_clear()
    load_milestones.cache_clear()


def build_site(
    site_dir: Path | None = None, date_text: str | None = None, *, instructors: bool = False
) -> int:
    """`mkdocs build --strict` (which runs the leak check and the check of the pages), as of
    `date_text` if given; the instructors' edition (to `site-instructors/` unless `site_dir`
    says otherwise) if `instructors`.

    Returns mkdocs' exit status; its output goes to the terminal.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if instructors:
        site_dir = (site_dir or INSTRUCTORS_SITE_DIR).resolve()
        if site_dir == PUBLIC_SITE_DIR.resolve():
            raise CourseError(
                f"the instructors' edition must not go to {PUBLIC_SITE_DIR.name}/, the folder "
                "the public site is published from: choose another --out"
            )
    if site_dir is not None:
        command += ["--site-dir", str(site_dir)]
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        EDITION_VARIABLE: INSTRUCTORS if instructors else PUBLIC,
    }
    if date_text:
        site_moment(load_calendar(), {SITE_DATE_VARIABLE: date_text})  # fail early on a typo
        environment[SITE_DATE_VARIABLE] = date_text
    return subprocess.run(command, cwd=REPO_ROOT, env=environment, check=False).returncode


def check_leaks(
    site_dir: Path, moment: datetime | None = None, *, instructors: bool = False
) -> list[Leak]:
    """The leak check of a built site, as of `moment` (default: now or COURSE_SITE_DATE); of
    the instructors' edition, which may show the instructors blocks, if `instructors`."""
    calendar = load_calendar()
    moment = moment or site_moment(calendar)
    secrets = collect_secrets(
        moment, solution_releases(calendar), instructor_blocks=not instructors
    )
    return find_leaks(site_dir, secrets)
