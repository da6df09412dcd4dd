"""The rows a TA grades (`autograder.grading.rubric`): pending at 0 points, with what the
student can still fix before the TA reads the file."""

import shutil
from pathlib import Path

from autograder.grading.rubric import rubric_rows
from autograder.spec import ASSIGNMENTS_DIR, load_assignment
from courseware.render import starter_path

HW1_MODEL_ANSWERS = ASSIGNMENTS_DIR / "hw01/reference"


def rows_by_file(assignment_id: str, root: Path) -> dict[str, str]:
    assignment = load_assignment(assignment_id)
    rows = rubric_rows(assignment, root)
    assert [(r.name, r.score, r.max_score, r.status) for r in rows] == [
        (item.row_name, 0, item.points, "pending") for item in assignment.rubric
    ]
    return {item.file: row.output for item, row in zip(assignment.rubric, rows, strict=True)}


def test_the_untouched_templates_of_the_starter_are_called_templates():
    hw01 = rows_by_file("hw01", starter_path(2))
    assert hw01 == {
        file: f"{file} is still the template: fill it in and commit it; your TA grades it with "
        "the rubric on the HW1 page."
        for file in ("reviews/PEER-REVIEW.md", "reviews/REFLECTION.md")
    }
    hw00 = rows_by_file("hw00", starter_path(1))
    assert hw00["TEAM.md"].startswith("TEAM.md is still the template")
    assert hw00["TEAM.md"].endswith("with the rubric on the HW0 page.")


def test_a_template_saved_by_another_editor_is_still_the_template(tmp_path):
    """Line endings and trailing blanks are an editor's, not an answer."""
    template = (starter_path(2) / "reviews/REFLECTION.md").read_text()
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews/REFLECTION.md").write_text(
        template.replace("\n", "  \r\n") + "\n\n", newline=""
    )
    assert (
        "REFLECTION.md is still the template"
        in rows_by_file("hw01", tmp_path)["reviews/REFLECTION.md"]
    )


def test_a_missing_file_is_named(tmp_path):
    outputs = rows_by_file("hw01", tmp_path)
    assert outputs["reviews/PEER-REVIEW.md"].startswith(
        "reviews/PEER-REVIEW.md is missing: fill in the starter's template and commit it;"
    )


def test_headings_still_empty_are_named_and_a_finished_file_is_left_to_the_ta(tmp_path):
    shutil.copytree(HW1_MODEL_ANSWERS / "reviews", tmp_path / "reviews")
    finished = rows_by_file("hw01", tmp_path)
    assert set(finished.values()) == {"Your TA grades it with the rubric on the HW1 page."}

    template = (starter_path(2) / "reviews/PEER-REVIEW.md").read_text()
    partial = template.replace("- Your team:", "- Your team: Team 4").replace(
        "_Pick one of their tests.", "We read test_me_returns_the_logged_in_user.\n\n_Pick one"
    )
    (tmp_path / "reviews/PEER-REVIEW.md").write_text(partial)
    output = rows_by_file("hw01", tmp_path)["reviews/PEER-REVIEW.md"]
    assert output.startswith(
        "Still to fill in: Who and what, Contracts covered, Test names, Isolation, "
        "A missed behavior, What our team noticed;"
    ), output
    assert "Arrange, act, assert" not in output


def test_an_answer_written_under_its_prompt_counts(tmp_path):
    answered = (ASSIGNMENTS_DIR / "hw00/reference/TEAM.md").read_text()
    (tmp_path / "TEAM.md").write_text(answered)
    assert rows_by_file("hw00", tmp_path)["TEAM.md"].startswith("Your TA grades it")
    below = answered.replace(
        "- Our shared channel: the team thread in the course chat",
        "- Our shared channel:\n  the team thread in the course chat",
    )
    (tmp_path / "TEAM.md").write_text(below)
    assert rows_by_file("hw00", tmp_path)["TEAM.md"].startswith("Your TA grades it")
    empty = answered.replace(
        "- Our shared channel: the team thread in the course chat", "- Our shared channel:"
    )
    (tmp_path / "TEAM.md").write_text(empty)
    assert rows_by_file("hw00", tmp_path)["TEAM.md"].startswith(
        "Still to fill in: When and how we work;"
    )
