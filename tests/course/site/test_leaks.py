"""The leak check: nothing private is published, and a planted leak of each kind is caught."""

from datetime import timedelta

from course.site.build import check_leaks
from course.site.dates import site_moment, solution_releases
from course.site.leaks import find_leaks
from course.site.secrets import collect_secrets
from courseware.calendar import load_calendar
from courseware.render import rendered_by_path, starter_path
from courseware.term import HOMEWORK, HOMEWORK_BY_ID
from tests.support.site import HIDDEN_TEST, leaks_on_the_planted_page, plant, secrets_as_of


def test_the_built_site_shows_no_private_material(site_dir):
    assert check_leaks(site_dir) == []


def test_a_planted_hidden_test_is_caught(site_dir, private, tmp_path):
    moment = site_moment(load_calendar())
    secrets = secrets_as_of(moment, private)
    assert find_leaks(site_dir, secrets) == []
    leaks = find_leaks(plant(site_dir, tmp_path / "planted", HIDDEN_TEST), secrets)
    assert {(leak.page, leak.kind) for leak in leaks} == {("weeks/index.html", "hidden test")}
    assert leaks[0].origin == "autograder/assignments/hw03/hidden/test_hw03_planted.py"


def test_a_planted_mutant_is_caught_but_the_reference_it_mutates_is_not(
    site_dir, private, tmp_path
):
    moment = site_moment(load_calendar())
    secrets = [s for s in secrets_as_of(moment, private) if s.kind == "mutant"]
    assert len(secrets) == 1
    reference = rendered_by_path(2, "reference")["coursehub/services/courses.py"].decode()
    find = str(private["mutant_line"])
    mutant = reference.replace(find, find.replace("order_by(", "order_by(Course.title, "), 1)
    assert find_leaks(plant(site_dir, tmp_path / "reference", reference), secrets) == []
    leaks = find_leaks(plant(site_dir, tmp_path / "mutant", mutant), secrets)
    assert [leak.kind for leak in leaks] == ["mutant"]
    assert "[planted]" in leaks[0].origin


def test_a_planted_worksheet_solution_is_caught_until_its_release(site_dir, private, tmp_path):
    releases = solution_releases(load_calendar())
    solution = (
        "SELECT courses.code, COUNT(study_groups.id) AS planted_count\n"
        "FROM courses LEFT JOIN study_groups ON study_groups.course_id = courses.id\n"
        "GROUP BY courses.id ORDER BY planted_count DESC\n"
    )
    planted = plant(site_dir, tmp_path / "planted", solution)
    before = secrets_as_of(releases["hw02"] - timedelta(days=1), private)
    assert leaks_on_the_planted_page(site_dir, before) == []
    leaks = leaks_on_the_planted_page(planted, before)
    assert [leak.kind for leak in leaks] == ["worksheet solution"]
    assert leaks[0].origin.endswith("hw02-planted/planted.ipynb")
    after = secrets_as_of(releases["hw02"], private)
    assert leaks_on_the_planted_page(planted, after) == []


def test_an_unreleased_reference_solution_is_caught(site_dir, private, tmp_path):
    releases = solution_releases(load_calendar())
    answer = rendered_by_path(4, "reference")["coursehub/routes/courses.py"].decode()
    planted = plant(site_dir, tmp_path / "planted", answer)
    hw03 = [HOMEWORK_BY_ID["hw03"]]
    before = secrets_as_of(releases["hw03"] - timedelta(days=1), private, hw03)
    assert leaks_on_the_planted_page(site_dir, before) == []
    kinds = {leak.kind for leak in leaks_on_the_planted_page(planted, before)}
    assert kinds == {f"unreleased solution of hw03 (released {releases['hw03']:%Y-%m-%d})"}
    after = secrets_as_of(releases["hw03"], private, hw03)
    assert leaks_on_the_planted_page(planted, after) == []


def test_the_starter_the_students_have_is_never_a_leak(site_dir, private, tmp_path):
    releases = solution_releases(load_calendar())
    starter = (starter_path(4) / "coursehub" / "routes" / "courses.py").read_text("utf-8")
    planted = plant(site_dir, tmp_path / "planted", starter)
    secrets = secrets_as_of(releases["hw01"] - timedelta(days=1), private, HOMEWORK)
    assert leaks_on_the_planted_page(planted, secrets) == []


def test_no_fingerprint_of_an_unreleased_solution_reads_like_the_starter():
    """A decorator split over three lines, collapsed, reads like the same call on one line of
    the starter: such a run would flag a released page that only shows the starter's code."""
    calendar = load_calendar()
    early = site_moment(calendar, {}) - timedelta(days=3650)
    for homework in (HOMEWORK_BY_ID["hw06"], HOMEWORK_BY_ID["hw07"]):
        starter = " ".join(
            " ".join(content.decode("utf-8", "replace").split())
            for content in rendered_by_path(homework.week, "starter").values()
        )
        secrets = collect_secrets(early, homework=[homework], instructor_blocks=False)
        runs = [
            run
            for secret in secrets
            if secret.kind.startswith("unreleased solution")
            for run in secret.fingerprints
        ]
        assert runs, f"{homework.id} has no fingerprints at all"
        assert [run for run in runs if run in starter] == []
