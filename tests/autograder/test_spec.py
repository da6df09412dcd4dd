"""Assignment specs (`autograder.spec`): the rubric a TA grades is declared there, checked so
that its points always fit, shown to students on the homework page, and kept by every copy."""

import shutil
import tomllib
from pathlib import Path

import pytest

from autograder.gradescope.bundle import bundle_spec
from autograder.spec import ASSIGNMENTS_DIR, load_assignment, rubric_toml
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR


def test_hw01_gives_80_points_to_the_mutants_and_20_to_its_rubric():
    hw01 = load_assignment("hw01")
    assert hw01.points == 100 and hw01.automatic_points == 80
    assert [(item.name, item.file, item.points) for item in hw01.rubric] == [
        ("peer-review", "reviews/PEER-REVIEW.md", 10),
        ("reflection", "reviews/REFLECTION.md", 10),
    ]
    hw00 = load_assignment("hw00")
    assert [(item.file, item.points) for item in hw00.rubric] == [("TEAM.md", 10)]
    assert hw00.automatic_points == 10 and hw00.page_name == "HW0" and hw01.page_name == "HW1"


@pytest.mark.parametrize("assignment_id", ["hw00", "hw01"])
def test_a_copy_of_the_spec_keeps_its_rubric(assignment_id):
    """The Gradescope bundle writes its own spec: without the rubric its grader would share
    the TA's points among the mutants."""
    assignment = load_assignment(assignment_id)
    original = tomllib.loads((assignment.folder / "assignment.toml").read_text())["rubric"]
    assert tomllib.loads(rubric_toml(assignment.rubric))["rubric"] == original
    assert tomllib.loads(bundle_spec(assignment))["rubric"] == original


def test_the_hw01_page_shows_the_rubric_the_ta_grades_with():
    page = next((LESSONS_DIR / "week-02").glob("hw01-*.md")).read_text()
    for item in load_assignment("hw01").rubric:
        assert f"`{item.file}`" in page
        for check in item.checks:
            row = f"| {check.criterion} | {check.points:g} | {check.check} |"
            assert row in page, f"the HW1 page has no rubric row {row!r}"


RUBRIC = """
[[rubric]]
name = "reflection"
title = "your reflection"
file = "reviews/REFLECTION.md"
points = 10
checks = [
    { criterion = "A mutant", points = 6, check = "names one" },
    { criterion = "Next", points = 4, check = "two behaviors" },
]
"""


def spec_with(tmp_path: Path, rubric: str) -> Path:
    root = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR / "hw01", root / "hw01")
    spec = root / "hw01/assignment.toml"
    spec.write_text(spec.read_text().split("[[rubric]]")[0] + rubric)
    return root


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("points = 6", "points = 5"), "the points of `checks` must add up to 10"),
        (('"reviews/REFLECTION.md"', '"../REFLECTION.md"'), "`file` is a path inside"),
        (('"reviews/REFLECTION.md"', '"/etc/passwd"'), "`file` is a path inside"),
        (('name = "reflection"', 'name = "Reflection!"'), "lowercase words with hyphens"),
        (('check = "names one"', 'text = "names one"'), "each check is { criterion, points"),
        (('title = "your reflection"\n', ""), "give exactly checks, file, name, points, title"),
    ],
)
def test_a_rubric_that_would_not_fit_is_refused_with_what_to_fix(tmp_path, change, message):
    root = spec_with(tmp_path, RUBRIC.replace(*change))
    with pytest.raises(CourseError, match="rubric item 1") as error:
        load_assignment("hw01", root)
    assert message in str(error.value)


def test_a_rubric_that_is_the_whole_homework_or_repeats_a_name_is_refused(tmp_path):
    whole = RUBRIC.replace("points = 10\n", "points = 100\n").replace("= 6", "= 96")
    with pytest.raises(CourseError, match="must leave some of `points` to grade"):
        load_assignment("hw01", spec_with(tmp_path / "whole", whole))
    with pytest.raises(CourseError, match="two rubric items share a name"):
        load_assignment("hw01", spec_with(tmp_path / "twice", RUBRIC + RUBRIC))


def test_a_contract_homework_has_no_rubric(tmp_path):
    contract = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR / "hw03", contract / "hw03")
    (contract / "hw03/assignment.toml").write_text(
        (ASSIGNMENTS_DIR / "hw03/assignment.toml").read_text() + RUBRIC
    )
    with pytest.raises(CourseError, match="a `contract` assignment has no rubric"):
        load_assignment("hw03", contract)


def test_a_good_rubric_loads_and_leaves_the_rest_to_the_grader(tmp_path):
    assignment = load_assignment("hw01", spec_with(tmp_path, RUBRIC))
    (item,) = assignment.rubric
    assert item.row_name == "reviews/REFLECTION.md: your reflection (graded by your TA)"
    assert [check.points for check in item.checks] == [6, 4]
    assert assignment.automatic_points == 90


def spec_of_hw03_with(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "assignments"
    shutil.copytree(ASSIGNMENTS_DIR / "hw03", root / "hw03")
    spec = root / "hw03/assignment.toml"
    spec.write_text(spec.read_text().replace("\n[limits]", f"{line}\n\n[limits]", 1))
    return root


def test_the_app_a_grade_boots_is_coursehub_unless_the_spec_names_the_weeks_own():
    hw03 = load_assignment("hw03")
    assert (hw03.app, hw03.package) == ("coursehub.main:app", "coursehub")
    assert tomllib.loads(bundle_spec(hw03))["app"] == "coursehub.main:app"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('app = "coursehub.main"', 'write app = "package.module:attribute"'),
        ('app = "coursehub.main:app; rm -rf /"', 'write app = "package.module:attribute"'),
        ("app = 3", 'write app = "package.module:attribute"'),
        ('app = "conduit.main:app"', "week 4's app is coursehub"),
    ],
)
def test_an_app_that_is_no_import_path_or_not_the_weeks_app_is_refused(tmp_path, line, message):
    with pytest.raises(CourseError, match=r"assignment\.toml") as error:
        load_assignment("hw03", spec_of_hw03_with(tmp_path, line))
    assert message in str(error.value)
