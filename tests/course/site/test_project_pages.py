"""The "Team project" pages come from the milestones file the gradebook reads: every
milestone has its page, its due date and its checklist, and the navigation lists them."""

from autograder.project.milestones import load_milestones
from course.site.build import plan_site
from course.site.dates import due_text
from course.site.navigation import navigation
from course.site.project_pages import due, page_uri


def test_every_milestone_has_a_page_with_its_due_date_and_checklist():
    plan = plan_site()
    overview = plan.pages["project/index.md"]
    for milestone in load_milestones():
        page = plan.pages[page_uri(milestone)]
        assert due_text(due(plan, milestone)) in page
        for item in milestone.items:
            criterion = getattr(item, "criterion", None) or item.title
            assert criterion.replace("|", "\\|") in page
        assert f"({milestone.id}.md)" in overview
    assert "`course check-project`" in overview and "[tool.course]" in overview


def test_the_final_demo_is_due_on_the_last_day_of_the_term():
    plan = plan_site()
    final = load_milestones()[-1]
    assert due(plan, final).date() == plan.calendar.all_sessions()[-1].day


def test_the_navigation_has_a_team_project_section():
    sections = {next(iter(entry)): entry for entry in navigation(plan_site())}
    pages = sections["Team project"]["Team project"]
    assert pages[0] == "project/index.md"
    assert [next(iter(p.values())) for p in pages[1:]] == [page_uri(m) for m in load_milestones()]
