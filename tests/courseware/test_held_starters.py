"""`course render --week NN --hold hwMM`: a later week's starter published while an earlier
homework's late work is still coming in holds none of that homework's answer, and still runs."""

from pathlib import Path

from courseware.render import rendered_by_path
from tests.support.commands import run_course, run_week_suite


def answer_lines(week: int) -> set[str]:
    """The lines a week's reference adds to its starter: its homework's answer."""

    def lines(files: dict[str, bytes]) -> set[str]:
        return {
            line.strip()
            for content in files.values()
            for line in content.decode("utf-8").splitlines()
            if len(line.strip()) >= 20
        }

    return lines(rendered_by_path(week, "reference")) - lines(rendered_by_path(week, "starter"))


def folder_lines(folder: Path) -> set[str]:
    return {
        line.strip()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in (".py", ".md", ".toml", ".sql")
        for line in path.read_text(encoding="utf-8").splitlines()
    }


def test_a_held_starter_holds_none_of_the_homework_answer(tmp_path: Path):
    hw03_answer = answer_lines(4)
    assert len(hw03_answer) > 20, "week 4's reference answers HW3 in more than a few lines"

    held = run_course("render", "--week", "05", "--hold", "hw03", "--out", str(tmp_path / "held"))
    assert held.returncode == 0, held.stderr
    assert "hw03 still stubbed" in held.stdout
    full = run_course("render", "--week", "05", "--out", str(tmp_path / "full"))
    assert full.returncode == 0, full.stderr

    in_full = hw03_answer & folder_lines(tmp_path / "full")
    assert in_full, "the full week-5 starter carries HW3's answer (what holding is for)"
    assert sorted(in_full & folder_lines(tmp_path / "held")) == []


def test_a_held_starter_fails_only_the_held_and_the_week_homework_tests(tmp_path: Path):
    folder = tmp_path / "held"
    held = run_course("render", "--week", "05", "--hold", "hw03", "--out", str(folder))
    assert held.returncode == 0, held.stderr
    outcomes = run_week_suite(folder, tmp_path / "junit.xml")
    failed = {
        test.split("::")[0].rsplit(".", 1)[-1] for test, o in outcomes.items() if o != "passed"
    }
    assert failed == {"test_hw03_course_crud", "test_hw04_memberships"}
    passed = [test for test, outcome in outcomes.items() if outcome == "passed"]
    assert passed, "the rest of the week-5 app still works with HW3 stubbed"


def test_holding_needs_an_earlier_code_homework_and_an_output_folder(tmp_path: Path):
    out = str(tmp_path / "x")
    cases = {
        ("--week", "05", "--hold", "hw05", "--out", out): "hold only homework of earlier weeks",
        ("--week", "05", "--hold", "hw02", "--out", out): "no code to hold",
        ("--week", "05", "--hold", "hw99", "--out", out): "unknown homework 'hw99'",
        ("--week", "05", "--hold", "hw03"): "give --week and --out DIR",
        ("--week", "05", "--hold", "hw03", "--reference", "--out", out): "a reference holds",
    }
    for arguments, message in cases.items():
        result = run_course("render", *arguments)
        assert result.returncode == 2, (arguments, result.stdout)
        assert message in result.stderr, (arguments, result.stderr)
    assert not Path(out).exists()
