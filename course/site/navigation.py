"""The site's navigation: one tab per kind of thing a student or instructor looks for."""

from typing import Any

from autograder.project.milestones import load_milestones
from course.site.dates import homework_label
from course.site.plan import SitePlan, week_title
from course.site.project_pages import nav_title, page_uri
from courseware.term import HOMEWORK, WEEKS, week_id

# The hand-written pages of docs/, in the order the navigation shows them.
GUIDE_PAGES = (
    ("Set-up guide (HW0)", "setup.md"),
    ("Autograder feedback", "feedback.md"),
)


APP_PAGES = (
    ("Request flow", "app/request-flow.md"),
    ("Data model", "app/data-model.md"),
    ("Endpoints", "app/endpoints.md"),
)


INSTRUCTOR_PAGES = (
    ("Running a session", "instructors/sessions.md"),
    ("Releasing and calibrating homework", "instructors/homework.md"),
    ("Grading a class", "instructors/grading.md"),
    ("Late work and extensions", "instructors/late-work.md"),
    ("Exporting starters", "instructors/starters.md"),
    ("Publishing the site", "instructors/publishing.md"),
    ("Starting a new term", "instructors/new-term.md"),
)


def navigation(plan: SitePlan) -> list[Any]:
    """The site's navigation: one tab per kind of thing a student or instructor looks for."""
    weeks: list[Any] = ["weeks/index.md"]
    for week in WEEKS:
        items: list[Any] = [f"weeks/{week_id(week)}/index.md"]
        items += [{f"Session {s.session}: {s.title}": s.src_uri} for s in plan.sessions_of(week)]
        items += [{p.title: p.src_uri} for p in plan.homework_pages_of(week)]
        items += [{h.title: h.src_uri} for h in plan.handouts_of(week)]
        weeks.append({week_title(plan, week): items})
    optional: list[Any] = [guide.src_uri] if (guide := plan.optional_guide()) else []
    optional += [{s.title: s.src_uri} for s in plan.optional_sessions()]
    optional += [{h.title: h.src_uri} for h in plan.optional_handouts()]
    if optional:
        weeks.append({"Optional sessions": optional})
    solutions: list[Any] = ["solutions/index.md"]
    solutions += [
        {f"{homework_label(h)} solution": f"solutions/{h.id}.md"}
        for h in HOMEWORK
        if plan.released_solution(h)
    ]
    return [
        {"Home": "index.md"},
        {"Syllabus": "syllabus.md"},
        {"Schedule": "schedule.md"},
        {"Weeks": weeks},
        {
            "Homework": [
                "homework/index.md",
                *({title: uri} for title, uri in GUIDE_PAGES),
                {"Reference solutions": solutions},
            ]
        },
        {
            "Team project": [
                "project/index.md",
                *({nav_title(m): page_uri(m)} for m in load_milestones()),
            ]
        },
        {"Worksheets": ["worksheets/index.md", *({w.title: w.page_uri} for w in plan.worksheets)]},
        {"CourseHub": ["app/index.md", *({title: uri} for title, uri in APP_PAGES)]},
        {"Instructors": ["instructors/index.md", *({t: uri} for t, uri in INSTRUCTOR_PAGES)]},
    ]
