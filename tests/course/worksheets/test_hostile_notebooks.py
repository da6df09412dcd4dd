"""Worksheet submissions written as a red team would, graded by nbgrader's own autograde.

Each one attacks the checks from inside the student's kernel: with nbgrader's own `Execute`,
the test cells ran there, after the student's cells, and every one of these raised its score
(the silencer and the partial-credit hook to full marks with no answer given). With the test
cells run apart from the student's code, each gets what its answers are worth, and the honest
neighbour graded in the same run keeps every point.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.worksheets.catalogue import worksheet
from course.worksheets.feedback import write_feedback
from course.worksheets.leaks import secret_lines
from course.worksheets.nbgrader import run_nbgrader
from course.worksheets.notebooks import read_notebook, write_notebook
from course.worksheets.steps import generate
from courseware.paths import REPO_ROOT
from tests.support.markers import needs_bubblewrap
from tests.support.worksheets import filled_in, gradebook_cells, scratch_course

SHEET = worksheet("hw02-sql")
AUTOGRADED_POINTS = 85  # parts A to C; part D waits for a TA

# Placed above the setup cell: every later cell, the tests included, becomes `pass`.
SILENCER = 'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])\n'

# Before every cell, a result that nbgrader would read as the cell's (partial) credit.
PARTIAL_CREDIT_HOOK = """
ip = get_ipython()

def credit(info):
    kernel = ip.kernel
    content = {"data": {"text/plain": "full marks"}, "metadata": {}, "execution_count": 1}
    topic = kernel._topic("execute_result")
    parent = kernel.get_parent("shell")
    kernel.session.send(kernel.iopub_socket, "execute_result", content, parent, ident=topic)

ip.events.register("pre_run_cell", credit)
"""

# Answers equal to anything, and an isinstance that believes them.
EQUAL_TO_ANYTHING = """
import builtins

class Anything(dict):
    def __eq__(self, other):
        return True
    def __ne__(self, other):
        return False
    def __bool__(self):
        return True
    __hash__ = object.__hash__

ANYTHING = Anything()
_isinstance = builtins.isinstance
builtins.isinstance = lambda value, kinds: value is ANYTHING or _isinstance(value, kinds)
"""
PART_A_IS_ANYTHING = {
    "answer-a1": "PRIMARY_KEYS = ANYTHING\n",
    "answer-a2": "FOREIGN_KEYS = ANYTHING\n",
    "answer-a3": "UNIQUE_RULES = ANYTHING\n",
    "answer-a4": "DELETED_WITH_GROUP = ANYTHING\n",
}

# Placed above the setup cell: a checkout of the student's own, whose schema fits a wrong
# answer (the key of memberships in the wrong order), named where the setup cell looks first.
OWN_CHECKOUT = """
import os, shutil
fake = "/tmp/my-checkout"
shutil.copytree(os.environ["COURSEHUB_CHECKOUT"], fake, dirs_exist_ok=True)
schema = os.path.join(fake, "sql", "schema.sql")
key = "PRIMARY KEY (user_id, group_id)"
text = open(schema).read().replace(key, "PRIMARY KEY (group_id, user_id)")
open(schema, "w").write(text)
os.environ["COURSEHUB_CHECKOUT"] = fake
"""
WRONG_KEY_ORDER = {
    "answer-a1": 'PRIMARY_KEYS = {"roles": ("id",), "users": ("id",), "courses": ("id",), '
    '"study_groups": ("id",), "memberships": ("group_id", "user_id")}\n'
}

# student -> (a cell placed first, answers given instead of the model's, autograded points)
SUBMISSIONS: dict[str, tuple[str, dict[str, str | None], int]] = {
    "honest": ("", {}, AUTOGRADED_POINTS),
    "silencer": (SILENCER, {}, 0),
    "hooked": (
        PARTIAL_CREDIT_HOOK,
        {f"answer-{part}": None for part in ("a1", "b", "c1")},
        85 - 5 - 25 - 8,
    ),
    "anything": (EQUAL_TO_ANYTHING, PART_A_IS_ANYTHING, AUTOGRADED_POINTS - 20),
    "own-checkout": (OWN_CHECKOUT, WRONG_KEY_ORDER, AUTOGRADED_POINTS - 5),
}


def code_cell(text: str) -> dict:
    return {
        "cell_type": "code",
        "metadata": {},
        "source": text,
        "outputs": [],
        "execution_count": None,
    }


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch course directory where one `nbgrader autograde` graded every submission."""
    root = tmp_path_factory.mktemp("hostile-notebooks")
    course, env = scratch_course(root)
    assert generate([SHEET.assignment], course_dir=course, env=env) == []
    name = f"{SHEET.notebook}.ipynb"
    released = read_notebook(course / "release" / SHEET.assignment / name)
    source = read_notebook(SHEET.source(course))
    for student, (first, instead, _) in SUBMISSIONS.items():
        notebook = filled_in(released, source, instead)
        if first:
            notebook["cells"].insert(0, code_cell(first))
        submission = course / "submitted" / student / SHEET.assignment / name
        submission.parent.mkdir(parents=True)
        write_notebook(submission, notebook)
    run_nbgrader("autograde", SHEET.assignment, course_dir=course, env=env)
    return course


@pytest.fixture(scope="module")
def autograded(graded_course: Path) -> dict[str, float]:
    """Every submission's autograded points, from the gradebook."""
    scores: dict[str, float] = dict.fromkeys(SUBMISSIONS, 0.0)
    cells = gradebook_cells(graded_course / "gradebook.db")
    for (_, student, _), (score, _, needs_manual) in cells.items():
        if not needs_manual:
            scores[student] += score or 0
    return scores


@needs_bubblewrap
@pytest.mark.parametrize("student", SUBMISSIONS)
def test_a_notebook_gets_what_its_answers_are_worth(autograded: dict[str, float], student: str):
    assert autograded[student] == SUBMISSIONS[student][2]


@needs_bubblewrap
def test_feedback_says_why_a_check_failed_and_shows_no_test_or_model_answer(
    graded_course: Path, tmp_path: Path
):
    written = write_feedback(SHEET.assignment, tmp_path, course_dir=graded_course)
    assert sorted(path.stem for path in written) == sorted(SUBMISSIONS)
    secrets = secret_lines(read_notebook(SHEET.source()))
    for path in written:
        text = path.read_text(encoding="utf-8")
        leaked = [line for line in secrets if line in text]
        assert leaked == [], f"{path.name} shows {leaked[:3]}"
        assert "Traceback" not in text
    own = (tmp_path / "own-checkout.md").read_text(encoding="utf-8")
    assert "| check-a1 | 0 / 5 | PRIMARY_KEYS is not the primary keys of schema.sql |" in own
    assert "| check-a2 | 5 / 5 |  |" in own
    assert "| written-d1 | ? / 5 | waits for your TA |" in own
    hooked = (tmp_path / "hooked.md").read_text(encoding="utf-8")
    missing = "C1_MEMBERS has no value: its answer cell raised an error or never set it"
    assert f"| check-c1 | 0 / 8 | {missing} |" in hooked


@needs_bubblewrap
def test_the_checks_never_see_the_students_objects(tmp_path: Path):
    """The answers reach the checks as data: what a cell defines there is a reading of it."""
    from course.worksheets.answers import exported_answers
    from course.worksheets.checks import run_checks

    printed = (
        'coursehub-answers:{"PRIMARY_KEYS": {"unreadable": "Anything"}, '
        '"__builtins__": {"dict": []}, "fresh_database": 1}\n'
    )
    results = run_checks(SHEET, read_notebook(SHEET.source()), exported_answers(printed), {})
    assert not results["check-a1"].passed
    assert results["check-a1"].message == "PRIMARY_KEYS must be a dict"
    # The smuggled names were dropped: the tools still work, so B1 fails on its missing answer.
    assert results["check-b1"].error == "MissingAnswer"


def without_bubblewrap(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment whose PATH has no bwrap (nor anything else)."""
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir(exist_ok=True)
    return {"PATH": str(empty_bin), "PYTHONPATH": str(REPO_ROOT), "HOME": str(tmp_path)} | extra


def test_autograde_refuses_to_run_notebooks_without_the_sandbox_unless_told(tmp_path: Path):
    completed = subprocess.run(
        [sys.executable, "-m", "course.cli", "worksheets", "autograde", SHEET.assignment],
        cwd=tmp_path,
        env=without_bubblewrap(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2, completed.stderr
    assert "refusing to run a student's code outside the sandbox" in completed.stderr
    assert "--allow-unsandboxed" in completed.stderr


def test_the_kernel_refuses_to_start_unsandboxed_unless_told(tmp_path: Path):
    """Even where nbgrader is started by hand with the grading kernelspec."""
    connection = tmp_path / "kernel.json"
    connection.write_text(json.dumps({"transport": "ipc", "ip": str(tmp_path / "ipc")}))
    completed = subprocess.run(
        [sys.executable, "-m", "course.worksheets.kernel", str(connection)],
        cwd=tmp_path,
        env=without_bubblewrap(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "refusing to run a student's code outside the sandbox" in completed.stderr
