"""What a student reads of an app that did not start: one sentence naming the error and the
place in their repository, and a traceback of their own frames only."""

import subprocess
import sys
from pathlib import Path

from autograder.live.startup import startup_failure


def boot_output(repository: Path, module: str) -> str:
    """What Python prints when it imports `module` from `repository`, as uvicorn would."""
    completed = subprocess.run(
        [sys.executable, "-c", f"import importlib; importlib.import_module({module!r})"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.stdout + completed.stderr


def test_a_syntax_error_is_named_with_its_file_and_line_and_no_machine_paths(tmp_path):
    package = tmp_path / "coursehub" / "routes"
    package.mkdir(parents=True)
    (tmp_path / "coursehub" / "__init__.py").write_text("")
    (tmp_path / "coursehub" / "main.py").write_text("from coursehub.routes import courses\n")
    (package / "__init__.py").write_text("")
    (package / "courses.py").write_text("x = 1\n" * 54 + "y = f(1))\n")
    failure = startup_failure(boot_output(tmp_path, "coursehub.main"), str(tmp_path))
    assert failure.sentence.startswith("SyntaxError in coursehub/routes/courses.py line 55")
    assert failure.block.startswith("```text\nTraceback") and failure.block.endswith("\n```")
    assert 'File "coursehub/main.py", line 1' in failure.block
    assert str(tmp_path) not in failure.block and sys.prefix not in failure.block
    assert "importlib" not in failure.block


def test_an_import_error_in_the_students_code_names_the_module_it_could_not_find(tmp_path):
    (tmp_path / "coursehub").mkdir()
    (tmp_path / "coursehub" / "__init__.py").write_text("")
    (tmp_path / "coursehub" / "main.py").write_text("\n\nimport sqlalchemyy\n")
    failure = startup_failure(boot_output(tmp_path, "coursehub.main"), str(tmp_path))
    assert failure.sentence == (
        "ModuleNotFoundError in coursehub/main.py line 3: No module named 'sqlalchemyy'"
    )


def test_an_error_raised_outside_the_repository_keeps_its_last_own_frame(tmp_path):
    """A settings error raised inside a library: the sentence names the student's line that
    called it, and the library's absolute paths are cut to their file names."""
    (tmp_path / "coursehub").mkdir()
    (tmp_path / "coursehub" / "__init__.py").write_text("")
    (tmp_path / "coursehub" / "main.py").write_text("import json\njson.loads('{')\n")
    failure = startup_failure(boot_output(tmp_path, "coursehub.main"), str(tmp_path))
    assert failure.sentence.startswith("json.decoder.JSONDecodeError in coursehub/main.py line 2")
    assert sys.base_prefix not in failure.block


def test_output_without_a_traceback_is_shown_as_it_is_in_a_block_nothing_closes():
    failure = startup_failure("Killed\n```\nrm -rf /\n", "/grading/submission")
    assert failure.sentence == ""
    assert failure.block == "```text\nKilled\n'''\nrm -rf /\n```"
