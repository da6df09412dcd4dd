"""`course render`: the committed starters are exactly what solutions/ renders."""

from pathlib import Path

from courseware.lock import pin_requirements
from courseware.paths import STARTER_DIR
from courseware.render import stale_files
from courseware.term import CAPSTONE_WEEKS, STARTER_WEEKS, WEEKS, week_id
from tests.support.commands import run_course


def test_committed_starters_are_up_to_date():
    for week in STARTER_WEEKS:
        assert stale_files(week) == [], "run `uv run course render` and commit"


def test_check_passes_on_a_clean_copy_and_fails_after_a_hand_edit(repo_copy: Path):
    clean = run_course("render", "--check", cwd=repo_copy)
    assert clean.returncode == 0, clean.stderr
    assert "up to date" in clean.stdout

    edited = repo_copy / "starter/week-04/coursehub/routes/courses.py"
    edited.write_text(edited.read_text() + "\n# a hand edit\n")
    (repo_copy / "starter/week-02/notes.txt").write_text("stray file\n")
    stale = run_course("render", "--check", cwd=repo_copy)
    assert stale.returncode == 1
    assert "starter/week-04/coursehub/routes/courses.py: differs" in stale.stderr
    assert "starter/week-02/notes.txt: not in solutions/" in stale.stderr
    assert "uv run course render" in stale.stderr


def test_render_rewrites_a_stale_starter(repo_copy: Path):
    target = repo_copy / "starter/week-05/coursehub/main.py"
    target.write_text("broken\n")
    result = run_course("render", "--week", "week-05", cwd=repo_copy)
    assert result.returncode == 0, result.stderr
    assert run_course("render", "--check", cwd=repo_copy).returncode == 0


def test_render_a_reference_into_a_folder(tmp_path: Path):
    result = run_course("render", "--week", "06", "--reference", "--out", str(tmp_path / "ref"))
    assert result.returncode == 0, result.stderr
    errors = (tmp_path / "ref/coursehub/core/errors.py").read_text()
    assert "def handle_validation_error" in errors
    assert ">>>" not in errors


def test_every_week_of_the_term_has_a_starter():
    assert tuple(WEEKS) == STARTER_WEEKS


def test_the_capstone_weeks_render_from_conduit_with_their_milestone_stubbed(tmp_path: Path):
    for week in CAPSTONE_WEEKS:
        out = tmp_path / week_id(week)
        result = run_course("render", "--week", str(week), "--reference", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / "conduit/main.py").is_file() and not (out / "coursehub").exists()
    # Milestone 1 is the week-14 starter's homework; milestone 2 still a stub in its reference.
    starter_14 = (STARTER_DIR / "week-14/conduit/services/auth.py").read_text()
    assert 'raise NotImplementedError("TODO(capstone): register")' in starter_14
    reference_14 = (tmp_path / "week-14/conduit/services/tags.py").read_text()
    assert 'NotImplementedError("TODO(capstone-final): tags_in_use")' in reference_14
    starter_15 = (STARTER_DIR / "week-15/conduit/services/tags.py").read_text()
    assert "TODO(capstone-final)" in starter_15
    assert "TODO(capstone)" not in (STARTER_DIR / "week-15/conduit/services/auth.py").read_text()
    assert "TODO" not in (tmp_path / "week-15/conduit/services/tags.py").read_text()


def test_bad_input_gives_a_message_and_exit_2_never_a_traceback(repo_copy: Path, tmp_path: Path):
    cases = [
        (("render", "--week", "week-17"), "unknown week 'week-17'"),
        (("render", "--week", "banana"), "unknown week 'banana'"),
        (("render", "--reference"), "--reference needs --out"),
        (("render", "--out", str(tmp_path)), "--out needs --week"),
        (("site", "check-leaks"), "needs --out SITE_DIR"),
        (("site", "check-leaks", "--out", str(tmp_path / "none")), "no built site"),
        (("worksheets", "release"), "needs an assignment"),
        (("worksheets", "release", "hw99-nope"), "unknown worksheet 'hw99-nope'"),
    ]
    for arguments, message in cases:
        result = run_course(*arguments, cwd=repo_copy)
        assert result.returncode == 2, (arguments, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_an_unclosed_marker_is_reported_with_its_file_and_line(repo_copy: Path):
    source = repo_copy / "solutions/coursehub/coursehub/routes/health.py"
    source.write_text(source.read_text() + "# >>> from week 07\nx = 1\n")
    result = run_course("render", "--check", cwd=repo_copy)
    assert result.returncode == 2
    assert "solutions/coursehub/coursehub/routes/health.py:" in result.stderr
    assert "never closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_reference_app_is_reported(repo_copy: Path):
    import shutil

    shutil.rmtree(repo_copy / "solutions/coursehub")
    result = run_course("render", cwd=repo_copy)
    assert result.returncode == 2
    assert "the reference app is missing" in result.stderr


def test_starter_dependencies_are_pinned_to_the_lock():
    text = '[project]\ndependencies = [\n    "fastapi",\n    "uvicorn[standard]",\n]\n'
    pinned = pin_requirements(text, {"fastapi": "1.2.3", "uvicorn": "4.5.6"})
    assert '"fastapi==1.2.3",' in pinned and '"uvicorn[standard]==4.5.6",' in pinned
    starter = (STARTER_DIR / "week-01" / "pyproject.toml").read_text()
    assert '"fastapi==' in starter and '"sqlalchemy[asyncio]==' in starter
