"""Answer keys live in instructors blocks: the blocks' markers pair up, and a key left outside
one fails the lesson checks (and the site build) with a message saying to wrap it."""

from pathlib import Path

import pytest

from course.content.instructor_blocks import instructor_problems, read_blocks, replace_blocks
from course.content.lessons import handout_problems
from course.content.pages import lesson_files, read_page
from course.site.build import plan_site
from courseware.errors import CourseError
from courseware.paths import LESSONS_DIR
from tests.course.content.test_lessons import GOOD_LESSON, problems_of

WELL_FORMED = GOOD_LESSON.replace("0:30-0:90", "0:30-1:30")

KEY = """**Circulate** with the key.

<!-- instructors: Answer key -->
| # | answer |
|---|---|
| 1 | a 404, because the course is gone |
<!-- /instructors -->

**Transition:** on.
"""


def with_part_2(text: str) -> str:
    return WELL_FORMED.replace("## Part 2: B (60 minutes)\n", "## Part 2: B (60 minutes)\n" + text)


def test_the_real_keys_are_wrapped():
    """The keys that used to be published are in blocks now, and no lesson has a loose one."""
    expected = {
        "week-02/session-1-backend-deep-dive.md": "Answer key",
        "week-03/session-1-tables-rows-relations.md": "Answer key",
        "week-03/session-2-sql-as-the-source.md": "Answer key",
        "week-04/session-1-app-structure.md": "Answer key",
        "week-05/session-2-data-access-boundaries.md": "Answer key",
        "week-06/session-1-errors-that-matter.md": "Answer key",
    }
    for name, label in expected.items():
        path = LESSONS_DIR / name
        text = path.read_text(encoding="utf-8")
        assert label in [block.label for block in read_blocks(text, name).blocks], name
    hunt = (LESSONS_DIR / "week-02/session-1-backend-deep-dive.md").read_text(encoding="utf-8")
    key = next(block for block in read_blocks(hunt, "").blocks if block.label == "Answer key")
    assert any("it maps to the table `users`" in line for line in key.lines)
    for path in lesson_files(LESSONS_DIR):
        assert instructor_problems(path.read_text(encoding="utf-8"), path.name) == [], path


def test_a_wrapped_key_passes_the_checks(tmp_path, monkeypatch):
    assert problems_of(tmp_path, with_part_2(KEY), monkeypatch) == []


@pytest.mark.parametrize(
    "wording",
    [
        "Answer key for the sort:",
        "Circulate with this key; do not hand it out.",
        "Expected answers:",
    ],
)
def test_key_wording_outside_a_block_fails_with_the_line_and_what_to_do(
    tmp_path, monkeypatch, wording
):
    text = with_part_2(KEY.replace("**Circulate** with the key.", wording))
    found = problems_of(tmp_path, text, monkeypatch)
    line = text.splitlines().index(wording) + 1
    assert len(found) == 1, found
    assert found[0].startswith(f"week-02/session-1-example.md:{line}: ")
    assert "outside an instructors block; wrap the key in `<!-- instructors:" in found[0]


def test_a_handout_with_a_loose_key_fails_too(tmp_path, monkeypatch):
    monkeypatch.setattr("course.content.pages.REPO_ROOT", tmp_path)
    handout = tmp_path / "week-02" / "handouts" / "sheet.md"
    handout.parent.mkdir(parents=True)
    handout.write_text("---\ntitle: Sheet\n---\nThe answer key: 1. a 404.\n", encoding="utf-8")
    found = handout_problems(read_page(handout))
    assert [p.split(": ")[0] for p in found] == ["week-02/handouts/sheet.md:4"]


@pytest.mark.parametrize(
    ("broken", "line", "says"),
    [
        (KEY.replace("<!-- /instructors -->\n", ""), 3, "is never closed"),
        (KEY.replace("<!-- instructors: Answer key -->\n", ""), 6, "closes no block"),
        (
            KEY.replace("| 1 |", "<!-- instructors: Inner -->\n| 1 |"),
            6,
            "opens inside the one opened on line 3",
        ),
        (
            KEY.replace("<!-- instructors: Answer key -->\n", "<!-- instructors: Key --> | x |\n"),
            3,
            "must be a line of its own",
        ),
        (KEY.replace("instructors: Answer key", "instructors:"), 3, "name the instructors block"),
    ],
    ids=["unclosed", "stray-close", "nested", "inline", "unnamed"],
)
def test_broken_markers_are_errors_with_the_file_and_line(broken, line, says):
    found = instructor_problems(broken, "lessons/week-02/x.md")
    assert any(p.startswith(f"lessons/week-02/x.md:{line}: ") and says in p for p in found), found
    with pytest.raises(CourseError, match=f"x.md:{line}: "):
        replace_blocks(broken, "lessons/week-02/x.md", lambda block: [])


def test_a_block_is_replaced_whole_and_the_rest_kept():
    replaced = replace_blocks(KEY, "x.md", lambda block: [f"[{block.label}]"])
    assert replaced == "**Circulate** with the key.\n\n[Answer key]\n\n**Transition:** on.\n"


def test_the_site_build_refuses_a_lesson_with_a_loose_key(tmp_path):
    """What the hooks run first (`plan_site`), so a loose key fails `mkdocs build` too."""
    lessons = tmp_path / "lessons"
    (lessons / "week-02").mkdir(parents=True)
    page = lessons / "week-02" / "session-1-example.md"
    page.write_text(with_part_2("Expected answers: a 404.\n"), encoding="utf-8")
    with pytest.raises(CourseError, match=r"session-1-example\.md:\d+: 'Expected answers' outside"):
        plan_site(lessons_dir=lessons)


def test_the_site_build_refuses_an_unclosed_block(tmp_path: Path):
    lessons = tmp_path / "lessons"
    (lessons / "week-02").mkdir(parents=True)
    page = lessons / "week-02" / "session-1-example.md"
    page.write_text(with_part_2(KEY.replace("<!-- /instructors -->\n", "")), encoding="utf-8")
    with pytest.raises(CourseError, match="is never closed"):
        plan_site(lessons_dir=lessons)


def test_the_site_build_refuses_a_block_in_a_homework_page(tmp_path: Path):
    """A homework page is copied into the student repository as it is: no key may hide in it."""
    lessons = tmp_path / "lessons"
    (lessons / "week-02").mkdir(parents=True)
    page = lessons / "week-02" / "hw01-example.md"
    page.write_text("---\ntitle: HW1\nhomework: hw01\nweek: 2\n---\n" + KEY, encoding="utf-8")
    with pytest.raises(CourseError, match=r"hw01-example\.md:8: a homework page goes into"):
        plan_site(lessons_dir=lessons)
