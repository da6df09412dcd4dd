"""The milestones file: its shape, what each checklist line is (a machine's row or a TA's
rubric item), and the clear refusal of a line the gradebook could not use."""

import pytest

from autograder.project.check import CHECKS
from autograder.project.milestones import MachineItem, load_milestones, milestone_by_id
from autograder.spec import RubricItem
from courseware.errors import CourseError


def test_the_term_has_six_milestones_from_the_schema_to_the_final_demo():
    milestones = load_milestones()
    assert [m.id for m in milestones] == ["m1", "m2", "m3", "m4", "m5", "m6"]
    assert milestones[0].week <= 3 and milestones[-1].week == 15
    assert sum(m.points for m in milestones) == 100
    # Every machine check decides some milestone; the final demo uses all five.
    assert {i.check_row for m in milestones for i in m.machine} == set(CHECKS)
    assert {i.check_row for i in milestones[-1].machine} == set(CHECKS)


def test_each_line_is_a_machine_row_or_a_ta_rubric_item_with_its_check():
    final = milestone_by_id("m6")
    assert all(isinstance(item, MachineItem | RubricItem) for item in final.items)
    assert final.points == sum(i.points for i in final.machine) + sum(
        i.points for i in final.rubric
    )
    demo = next(item for item in final.rubric if item.name == "demo")
    assert demo.file == "docs/milestone-6.md" and demo.checks[0].points == demo.points


def write(tmp_path, item: str):
    path = tmp_path / "milestones.toml"
    path.write_text(
        '[[milestone]]\nid = "m1"\ntitle = "Idea"\nweek = 3\nsummary = "The idea."\n'
        'hand_in = ["docs/idea.md"]\n\n[[milestone.item]]\n' + item,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ('name = "x"\nmachine = "lint"\npoints = 1\ncriterion = "c"\ncheck = "k"\n', "one of"),
        ('name = "x"\npoints = 1\ncriterion = "c"\ncheck = "k"\n', "either `machine`"),
        ('name = "x"\nfile = "../up.md"\npoints = 1\ncriterion = "c"\ncheck = "k"\n', "path"),
        ('name = "x"\nfile = "a.md"\npoints = -1\ncriterion = "c"\ncheck = "k"\n', "positive"),
    ],
)
def test_a_line_the_gradebook_could_not_use_is_refused(tmp_path, item, says):
    with pytest.raises(CourseError, match=says):
        load_milestones(write(tmp_path, item))


def test_an_unknown_milestone_names_the_known_ones():
    with pytest.raises(CourseError, match="known: m1, m2"):
        milestone_by_id("m9")
