"""The worksheets are real nbgrader assignments, graded against the real CourseHub.

One test runs a whole term's cycle with nbgrader's own commands in a scratch copy of
worksheets/: generate the student versions, hand in a complete and a flawed copy of each,
autograde them, export the grades. The flawed copies hold answers that the visible checks let
through (a query that is only right for the sample data, a table without its CHECK, ...), so
the scores show that the hidden tests, and the real app behind them, do the grading.
"""

import copy
import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

from course.worksheets.catalogue import CHECKOUT_VARIABLE, WORKSHEETS, Worksheet, worksheet
from course.worksheets.leaks import check_student_versions, secret_lines, student_version_problems
from course.worksheets.nbgrader import CONFIG_FILE, kernel_environment, run_nbgrader
from course.worksheets.notebooks import (
    cell_text,
    graded_cells,
    nbgrader_meta,
    points,
    read_notebook,
    write_notebook,
)
from course.worksheets.steps import generate, release_student_versions
from courseware.calendar import load_calendar
from courseware.errors import CourseError
from courseware.paths import REPO_ROOT, WORKSHEETS_DIR
from courseware.term import homework
from tests.support.markers import needs_bubblewrap
from tests.support.processes import gone
from tests.support.worksheets import filled_in, gradebook_cells, scratch_course

# ------------------------------------------------------------------ the flawed submission
# For each worksheet: answer cell -> what "ben" hands in instead of the model answer (None:
# left as the student version has it), and the autograded cells that must therefore fail.
# nbgrader itself gives 0 to a written answer left as it was released; one that was written
# waits for a TA in formgrader.

SQL_ONLY_RIGHT_FOR_THE_SAMPLE = {
    # Forgets the course: right while only one group has this name.
    "answer-c1": """C1_MEMBERS = '''
SELECT users.username
FROM users
JOIN memberships ON memberships.user_id = users.id
JOIN study_groups ON study_groups.id = memberships.group_id
WHERE study_groups.name = 'SQL study circle'
ORDER BY users.username
'''
""",
    # A plain JOIN: right while every group has a member.
    "answer-c2": """C2_GROUP_SIZES = '''
SELECT courses.code AS course_code, study_groups.name AS group_name, COUNT(*) AS members
FROM study_groups
JOIN courses ON courses.id = study_groups.course_id
JOIN memberships ON memberships.group_id = study_groups.id
GROUP BY study_groups.id
ORDER BY course_code, group_name
'''
""",
    # Orders each pair by id: right while ids follow the alphabet.
    "answer-c5": """C5_STUDY_PARTNERS = '''
SELECT one.username AS first_user, other.username AS second_user, COUNT(*) AS shared_groups
FROM memberships AS mine
JOIN memberships AS theirs ON theirs.group_id = mine.group_id
JOIN users AS one ON one.id = mine.user_id
JOIN users AS other ON other.id = theirs.user_id
WHERE mine.user_id < theirs.user_id
GROUP BY one.username, other.username
ORDER BY first_user, second_user
'''
""",
}

FLAWED: dict[str, tuple[dict[str, str | None], set[str]]] = {
    "w02-scavenger-hunt": (
        {
            # Forgets the column User inherits from TimestampMixin.
            "answer-1-2": 'USER_COLUMNS = {"id", "username", "email", "hashed_password", '
            '"role_id"}\n',
            # Forgets the health check (a router without a prefix).
            "answer-3-1": 'ENDPOINTS = {"POST /api/auth/login", "GET /api/users/me", '
            '"GET /api/courses", "GET /api/groups", "POST /api/groups"}\n',
            # Forgets the dependency that runs before the route.
            "answer-4-2": "SERVICE_CALLS = [\n"
            '    "coursehub.services.groups.create_group",\n'
            '    "coursehub.services.courses.get_course",\n'
            '    "coursehub.services.common.commit_or_conflict",\n'
            '    "coursehub.services.groups.get_group",\n'
            "]\n",
            # A written answer too thin for full marks: it waits for the TA.
            "written-5-1": "It is more secure.\n",
        },
        {"check-1-2", "check-3-1", "check-4-2"},
    ),
    "w02-behavior-contract": (
        {
            "contract": None,
            # Believes the body is validated before the token is looked at.
            "examples": """EXAMPLES = [
    {"why": "created", "as_user": "dave", "body": {"name": "Crew", "course_id": 4}, "status": 201},
    {"why": "unknown course", "as_user": "dave",
     "body": {"name": "Crew", "course_id": 999}, "status": 404},
    {"why": "taken name", "as_user": "bob",
     "body": {"name": "Late-night debuggers", "course_id": 2}, "status": 409},
    {"why": "empty name", "as_user": None, "body": {"name": "", "course_id": 1}, "status": 422},
]
""",
        },
        {"check-examples"},
    ),
    "hw02-sql": (
        {
            # Gives memberships a one-column key.
            "answer-a1": 'PRIMARY_KEYS = {"roles": ("id",), "users": ("id",), "courses": ("id",), '
            '"study_groups": ("id",), "memberships": ("user_id",)}\n',
            # Trusts VARCHAR(120) to limit the title: SQLite does not.
            "answer-b": """NOTES_SCHEMA = '''
CREATE TABLE notes (
    id INTEGER NOT NULL PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES study_groups (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(120) NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE (group_id, title)
);
'''
""",
            **SQL_ONLY_RIGHT_FOR_THE_SAMPLE,
            "written-d1": "**D1.** Each user is in a group only once.\n",
            "written-d2": None,
            "written-d3": None,
        },
        {"check-a1", "check-b3", "check-c1", "check-c2", "check-c5"},
    ),
    "w07-jwt-anatomy": (
        {
            # Reads the moment the token was issued, not the one it expires.
            "answer-1-3": 'EXPIRES_AT = datetime.fromtimestamp(CLAIMS["iat"], UTC)\n'
            "EXPIRES_AT_TEXT = EXPIRES_AT.isoformat()\n",
            # Checks with the app's current key, whatever key it is given.
            "answer-2-1": """import hashlib
import hmac


def signature_is_valid(token, secret):
    header_part, claims_part, signature_part = token.split(".")
    signed = f"{header_part}.{claims_part}".encode()
    expected = hmac.new(CURRENT_KEY.encode(), signed, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(expected).rstrip(b"=").decode() == signature_part


SIGNATURE_VERDICTS = {
    case: signature_is_valid(token, secret) for case, (token, secret) in SIGNATURE_CASES.items()
}
""",
            # Still accepts a token in the second its exp names.
            "answer-3-1": """def is_expired(token, now):
    return now.timestamp() > decode_part(token.split(".")[1])["exp"]


EXPIRY_VERDICTS = {case: is_expired(token, now) for case, (token, now) in EXPIRY_CASES.items()}
""",
            # Trusts a good signature alone: no rotation, no required exp.
            "answer-4-1": """APP_ACCEPTS = {
    "as issued": True, "alg none": False, "sub changed": False, "guessed key": False,
    "expired": False, "previous key": False, "no exp": True,
}
""",
            "written-5-1": "It is more secure.\n",
        },
        {"check-1-3", "check-2-2", "check-3-2", "check-4-2"},
    ),
}

COMPLETE, FLAWED_STUDENT = "ada", "ben"

# Text only a solution or a hidden test of each source notebook holds.
SENTINELS = {
    "w02-scavenger-hunt": ("_request_facts", "coursehub.services.auth.user_from_token"),
    "w02-behavior-contract": ("Graph theory crew", "even before the body is validated"),
    "hw02-sql": ("_same_result", "ck_notes_title_length", "carol and erin disappear"),
    "w07-jwt-anatomy": (
        "_StoppedClock",
        "hmac.compare_digest(expected, given)",
        "however long their",
    ),
}


@dataclass
class Term:
    course: Path
    grades: dict[tuple[str, str], dict[str, str]]  # (assignment, student) -> exported row
    cells: dict[tuple[str, str, str], tuple[float | None, float, bool]]


def run_a_term(root: Path) -> Term:
    """nbgrader's whole cycle, with its own commands, in a scratch copy of worksheets/."""
    course, env = scratch_course(root)

    leaks = generate(course_dir=course, env=env)  # the instructor's step, with due dates
    assert leaks == [], leaks
    for sheet in WORKSHEETS:
        name = f"{sheet.notebook}.ipynb"
        released = read_notebook(course / "release" / sheet.assignment / name)
        source = read_notebook(sheet.source(course))
        for student, instead in ((COMPLETE, {}), (FLAWED_STUDENT, FLAWED[sheet.assignment][0])):
            submission = course / "submitted" / student / sheet.assignment / name
            submission.parent.mkdir(parents=True)
            write_notebook(submission, filled_in(released, source, instead))

    run_nbgrader("autograde", "*", course_dir=course, env=env)
    run_nbgrader("export", f"--to={root / 'grades.csv'}", course_dir=course, env=env)
    with (root / "grades.csv").open(newline="", encoding="utf-8") as exported:
        grades = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(exported)}
    return Term(course, grades, gradebook_cells(course / "gradebook.db"))


# ------------------------------------------------------------------ the course directory


def test_worksheets_is_an_nbgrader_course_directory_with_only_sources_committed():
    assert (WORKSHEETS_DIR / "nbgrader_config.py").is_file()
    assignments = {path.name for path in (WORKSHEETS_DIR / "source").iterdir() if path.is_dir()}
    assert assignments == {sheet.assignment for sheet in WORKSHEETS}
    ignored = (WORKSHEETS_DIR / ".gitignore").read_text(encoding="utf-8").split()
    for generated in ("release/", "submitted/", "autograded/", "feedback/", "gradebook.db"):
        assert generated in ignored, f"worksheets/.gitignore must ignore {generated}"


@pytest.mark.parametrize("sheet", WORKSHEETS, ids=[sheet.assignment for sheet in WORKSHEETS])
def test_source_notebook_is_a_clean_nbgrader_notebook(sheet: Worksheet):
    notebook = read_notebook(sheet.source())
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    grade_ids = [nbgrader_meta(c)["grade_id"] for c in notebook["cells"] if nbgrader_meta(c)]
    assert len(grade_ids) == len(set(grade_ids)), "grade ids must be unique"
    for cell in notebook["cells"]:
        assert not cell.get("outputs") and not cell.get("execution_count"), (
            f"{cell.get('id')}: commit source notebooks without outputs"
        )
    setup_cell = next(c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == "setup")
    assert nbgrader_meta(setup_cell)["locked"], "students must not change how answers are checked"
    setup = cell_text(setup_cell)
    assert f'WEEK = "week-{sheet.starter_week:02d}"' in setup
    assert CHECKOUT_VARIABLE in setup
    auto, manual = points(notebook)
    assert auto > 0 and manual > 0, "every worksheet has autograded and hand-graded parts"


def test_hw2_is_worth_100_points_with_hidden_tests_where_answers_are_checked():
    assert worksheet("hw02-sql").homework == "hw02"
    assert sum(points(read_notebook(worksheet("hw02-sql").source()))) == 100
    for assignment in ("w02-scavenger-hunt", "hw02-sql"):
        cells = graded_cells(read_notebook(worksheet(assignment).source()))
        hidden = [g for g, cell in cells.items() if "BEGIN HIDDEN TESTS" in cell_text(cell)]
        assert len(hidden) >= len(cells) // 2, f"{assignment}: answers are checked in hidden tests"


def test_unknown_worksheet_is_a_clear_error():
    with pytest.raises(CourseError, match="known ones are"):
        worksheet("hw99-nothing")


# ------------------------------------------------------------------ finding the checkout


def run_setup_cell(sheet: Worksheet, cwd: Path, checkout: str) -> subprocess.CompletedProcess[str]:
    """Run a worksheet's setup cell alone, as a kernel in `cwd` would."""
    notebook = read_notebook(sheet.source())
    setup = next(c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == "setup")
    environment = {k: v for k, v in os.environ.items() if k != CHECKOUT_VARIABLE}
    return subprocess.run(
        [sys.executable, "-c", cell_text(setup)],
        cwd=cwd,
        env=environment | {CHECKOUT_VARIABLE: checkout, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_setup_cell_says_what_to_set_when_it_finds_no_checkout(tmp_path: Path):
    completed = run_setup_cell(worksheet("hw02-sql"), tmp_path, checkout="")
    assert completed.returncode != 0
    assert "FileNotFoundError" in completed.stderr
    assert "Set the environment variable COURSEHUB_CHECKOUT" in completed.stderr
    assert "week-03" in completed.stderr

    wrong = run_setup_cell(worksheet("hw02-sql"), tmp_path, checkout=str(tmp_path))
    assert f"COURSEHUB_CHECKOUT={tmp_path} has no coursehub/" in wrong.stderr


def test_setup_cell_uses_the_checkout_the_variable_names(tmp_path: Path):
    starter = REPO_ROOT / "starter" / "week-02"
    completed = run_setup_cell(worksheet("w02-scavenger-hunt"), tmp_path, checkout=str(starter))
    assert completed.returncode == 0, completed.stderr
    assert f"in {starter}" in completed.stdout


# ------------------------------------------------------------------ student versions


def test_leak_check_finds_solutions_hidden_tests_markers_and_outputs(tmp_path: Path):
    sheet = worksheet("hw02-sql")
    source = read_notebook(sheet.source())
    secrets = secret_lines(source)
    assert 'DELETED_WITH_GROUP = {"memberships"}' in secrets
    assert any("_same_result(C1_MEMBERS" in line for line in secrets)

    leaky = copy.deepcopy(source)  # the source itself: every answer and hidden test is in it
    leaky["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x"}]
    write_notebook(tmp_path / "leaky.ipynb", leaky)
    problems = "\n".join(student_version_problems(sheet.source(), tmp_path / "leaky.ipynb"))
    assert "BEGIN HIDDEN TESTS" in problems and "BEGIN SOLUTION" in problems
    assert "leaks 'DELETED_WITH_GROUP = {\"memberships\"}'" in problems
    assert "has outputs" in problems


def test_release_student_versions_publishes_clean_student_notebooks(tmp_path: Path):
    committed = sorted(WORKSHEETS_DIR.rglob("*"))
    written = release_student_versions(tmp_path / "site")
    assert sorted(WORKSHEETS_DIR.rglob("*")) == committed, "worksheets/ must stay untouched"
    assert written == [
        tmp_path / "site" / sheet.assignment / f"{sheet.notebook}.ipynb" for sheet in WORKSHEETS
    ]
    assert check_student_versions(tmp_path / "site") == []
    for sheet, path in zip(WORKSHEETS, written, strict=True):
        text = path.read_text(encoding="utf-8")
        student = read_notebook(path)
        assert "raise NotImplementedError()" in text and "YOUR ANSWER HERE" in text
        assert set(graded_cells(student)) == set(graded_cells(read_notebook(sheet.source())))
        for secret in SENTINELS[sheet.assignment]:
            assert secret in sheet.source().read_text(encoding="utf-8")
            assert secret not in text, f"{sheet.assignment}: {secret!r} is in the student version"


# ------------------------------------------------------------------ the full cycle


def test_a_term_of_worksheets_through_nbgrader(tmp_path: Path, subtests: pytest.Subtests):
    # One test for the whole cycle: it takes most of a minute, and xdist must not run it twice.
    term = run_a_term(tmp_path)

    with subtests.test("the generated student versions leak nothing"):
        # release/ is what `nbgrader release_assignment` copies to the exchange, unchanged.
        assert check_student_versions(term.course / "release", course_dir=term.course) == []

    with subtests.test("HW2 is due when the calendar says"):
        due = load_calendar().due(homework("hw02")).astimezone(UTC).replace(tzinfo=None)
        assert term.grades[("hw02-sql", COMPLETE)]["duedate"] == str(due)
        assert term.grades[("w02-scavenger-hunt", COMPLETE)]["duedate"] == ""

    for sheet in WORKSHEETS:
        source = read_notebook(sheet.source())
        auto, manual = points(source)
        written = {g for g, cell in graded_cells(source).items() if nbgrader_meta(cell)["solution"]}
        instead, expected = FLAWED[sheet.assignment]
        cells = {
            (student, grade_id): result
            for (assignment, student, grade_id), result in term.cells.items()
            if assignment == sheet.assignment
        }

        def failed(student: str, cells: dict = cells, written: set = written) -> set[str]:
            """The autograded cells a student did not get every point of."""
            return {
                grade_id
                for (who, grade_id), (score, top, _) in cells.items()
                if who == student and grade_id not in written and score != top
            }

        with subtests.test(
            "a complete submission earns every autograded point", sheet=sheet.assignment
        ):
            assert failed(COMPLETE) == set(), "model answers lost points"
            row = term.grades[(sheet.assignment, COMPLETE)]
            assert (float(row["score"]), float(row["max_score"])) == (auto, auto + manual)

        with subtests.test(
            "a flawed submission loses exactly its flaws' points", sheet=sheet.assignment
        ):
            assert failed(FLAWED_STUDENT) == expected
            cell_points = {g: nbgrader_meta(c)["points"] for g, c in graded_cells(source).items()}
            lost = sum(cell_points[grade_id] for grade_id in expected)
            row = term.grades[(sheet.assignment, FLAWED_STUDENT)]
            assert float(row["score"]) == auto - lost

        with subtests.test(
            "written answers wait for a TA, unless left blank", sheet=sheet.assignment
        ):
            assert written, "every worksheet has a written answer"
            for grade_id in written:
                score, top, needs_manual = cells[(COMPLETE, grade_id)]
                assert needs_manual and score is None and top > 0, grade_id
                score, top, needs_manual = cells[(FLAWED_STUDENT, grade_id)]
                if instead[grade_id] is None:
                    assert (needs_manual, score) == (False, 0), f"{grade_id} was left blank"
                else:
                    assert (needs_manual, score) == (True, None), f"{grade_id} was answered"

        with subtests.test(
            "answers were checked against that week's starter", sheet=sheet.assignment
        ):
            graded = term.course / "autograded" / COMPLETE / sheet.assignment
            notebook = read_notebook(graded / f"{sheet.notebook}.ipynb")
            setup = next(
                c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == "setup"
            )
            printed = "".join("".join(output.get("text", "")) for output in setup["outputs"])
            expected_checkout = REPO_ROOT / "starter" / f"week-{sheet.starter_week:02d}"
            assert f"in {expected_checkout.resolve()}" in printed, printed


# ------------------------------------------------------------------ the kernel's boundary

HOSTILE_CELL = """
import json, subprocess
outcome = {}
for name, path in PATHS.items():
    try:
        with open(path, "a") as handle:
            handle.write("# planted")
        outcome[name] = "written"
    except OSError:
        try:
            open(path).read()
            outcome[name] = "read"
        except OSError:
            outcome[name] = "refused"
subprocess.Popen(["sleep", DAEMON], start_new_session=True)  # a daemon for later
print(json.dumps(outcome))
"""


@needs_bubblewrap
def test_a_graded_notebook_reaches_nothing_of_the_course_and_leaves_nothing_running(
    tmp_path, monkeypatch
):
    """The kernel nbgrader grades in: no gradebook, configuration or source notebook in
    reach, and no process of it left once nbgrader stops it."""
    course = tmp_path / "worksheets"
    folder = course / "autograded" / "eve" / "hw02-sql"
    folder.mkdir(parents=True)
    paths = {
        "gradebook": course / "gradebook.db",
        "configuration": course / CONFIG_FILE,
        "source": course / "source" / "hw02-sql" / "sql-worksheet.ipynb",
    }
    paths["source"].parent.mkdir(parents=True)
    for path in paths.values():
        path.write_text("original\n")
    env = kernel_environment(tmp_path / "jupyter")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    manager = KernelManager(
        kernel_name="python3", transport="ipc", ip=env["JUPYTER_RUNTIME_DIR"] + "/kernel-ipc"
    )
    manager.start_kernel(cwd=str(folder))
    client = manager.client()
    client.start_channels()
    printed: list[str] = []
    try:
        client.wait_for_ready(timeout=60)
        daemon = f"3599.{os.getpid()}"  # this run's own, whatever else the machine runs
        targets = {name: str(path) for name, path in paths.items()}
        code = f"PATHS = {targets!r}\nDAEMON = {daemon!r}\n" + HOSTILE_CELL
        reply = client.execute_interactive(
            code,
            timeout=60,
            output_hook=lambda m: printed.append(m["content"].get("text", "")),
        )
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert json.loads("".join(printed)) == {name: "refused" for name in paths}
    assert all(path.read_text() == "original\n" for path in paths.values())
    assert gone(f"sleep {daemon}")
