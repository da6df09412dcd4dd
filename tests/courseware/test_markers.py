"""The week-marker engine, on small sources written for each rule."""

import re

import pytest

from courseware.errors import CourseError
from courseware.markers import HASH, HTML, SQL, render_text

SOURCE = """\
a = 1
# >>> from week 04
b = 2
# === before
# b = 0
# <<<
# >>> homework hw04
def c():
    return 3
# === starter
# def c():
#     raise NotImplementedError("TODO(hw04)")
# <<<
"""


def render(source: str, week: int, mode: str = "starter", style=HASH) -> str | None:
    return render_text(source, style, week, mode, where="example.py")


def test_a_region_from_a_week_shows_its_before_part_until_then():
    assert render(SOURCE, 3).startswith("a = 1\nb = 0\n")
    assert "b = 2" in render(SOURCE, 4)


def test_a_homework_region_is_absent_before_its_week():
    assert "def c" not in render(SOURCE, 4)


def test_the_homework_week_starter_shows_the_stub_and_the_reference_the_answer():
    starter = render(SOURCE, 5, "starter")
    reference = render(SOURCE, 5, "reference")
    assert 'raise NotImplementedError("TODO(hw04)")' in starter
    assert "return 3" not in starter
    assert "return 3" in reference and "TODO" not in reference


def test_after_the_homework_week_the_starter_has_the_answer():
    assert "return 3" in render(SOURCE, 6, "starter")


def test_markers_never_reach_the_output():
    for week in range(1, 16):
        for mode in ("starter", "reference"):
            out = render(SOURCE, week, mode)
            assert ">>>" not in out and "<<<" not in out and "===" not in out


def test_nested_regions_follow_their_own_weeks():
    source = (
        "# >>> from week 03\nx = 1\n"
        "# >>> homework hw05\ny = 2\n# === before\n# y = 1\n# <<<\n"
        "# <<<\n"
    )
    assert render(source, 2) is None
    assert render(source, 3) == "x = 1\ny = 1\n"
    assert render(source, 6, "starter") == "x = 1\ny = 1\n"
    assert render(source, 6, "reference") == "x = 1\ny = 2\n"


def test_a_whole_file_marker_hides_the_file_before_its_week():
    source = "# >>> file from week 05\nprint('hi')\n"
    assert render(source, 4) is None
    assert render(source, 5) == "print('hi')\n"


def test_a_whole_file_homework_is_the_answer_missing_from_its_weeks_starter():
    source = "# >>> file homework hw01\ndef test_it(): ...\n"
    assert render(source, 1) is None
    assert render(source, 2, "starter") is None
    assert render(source, 2, "reference") == "def test_it(): ...\n"
    assert render(source, 3, "starter") == "def test_it(): ...\n"


def test_a_file_that_renders_empty_does_not_exist():
    source = "# >>> homework hw01\n# === starter\n# template = 1\n# <<<\n"
    assert render(source, 2, "starter") == "template = 1\n"
    assert render(source, 2, "reference") is None
    assert render(source, 3, "starter") is None


def test_sql_and_markdown_use_their_own_comments():
    sql = "SELECT 1;\n-- >>> homework hw05\nSELECT 2;\n-- === before\n-- SELECT 0;\n-- <<<\n"
    assert render(sql, 5, style=SQL) == "SELECT 1;\nSELECT 0;\n"
    markdown = (
        "# Title\n<!-- >>> from week 04 -->\nNew part.\n<!-- === before -->\nOld.\n<!-- <<< -->\n"
    )
    assert render(markdown, 3, style=HTML) == "# Title\nOld.\n"
    assert render(markdown, 4, style=HTML) == "# Title\nNew part.\n"


def test_blank_lines_left_by_removed_regions_are_tidied():
    source = "a = 1\n\n\n# >>> from week 09\n\n\nb = 2\n# <<<\n\n\nc = 3\n"
    assert render(source, 1) == "a = 1\n\n\nc = 3\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("# >>> from week 04\nx = 1\n", "example.py:1: this region is never closed"),
        ("x = 1\n# <<<\n", "example.py:2: `<<<` closes no region"),
        ("# >>> homework hw99\n# <<<\n", "unknown homework 'hw99'"),
        ("# >>> from week 16\n# <<<\n", "week 16 is outside the term"),
        ("# >>> sometime\n# <<<\n", "cannot read marker"),
        ("# >>> from week 02\n# === starter\n# <<<\n", "only a `homework` region"),
        ("# >>> from week 02\n# === later\n# <<<\n", "unknown part"),
        ("# >>> from week 02\n# === before\nx = 1\n# <<<\n", "must be commented out"),
        ("# >>> from week 02\n# === before\n# >>> from week 03\n# <<<\n", "cannot open inside"),
        ("x = 1\n# >>> file from week 02\n", "first line only"),
    ],
)
def test_malformed_markers_are_reported_with_file_and_line(source, message):
    with pytest.raises(CourseError, match=re.escape(message)):
        render(source, 5)
