"""Write-the-tests assignments (HW1): the student's tests must pass on the reference app and
fail on each mutant; each mutant caught earns its share of the points the rubric (a TA's part,
one pending row per item) leaves."""

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from autograder.grading.context import RunContext, total
from autograder.grading.live_suite import PYTEST_INI, app_config, grader_folder
from autograder.grading.mutants import Mutant, load_mutants, mutate
from autograder.grading.rubric import rubric_rows
from autograder.live import wait_for_app
from autograder.live.warm_apps import AppForkServer
from autograder.results.model import GradeResult, TestResult, distribute
from autograder.sandbox import MOUNT_ROOT, Limits, Sandbox, hex_folder
from autograder.spec import Assignment
from courseware.errors import CourseError
from courseware.render import RenderedFile, rendered, write_tree

# Ours, beside the student's tests: holds the first test until the app answers.
WAIT_FOR_APP = Path(wait_for_app.__file__)

EXIT_MESSAGES = {
    2: "the test run was interrupted",
    3: "pytest crashed while running your tests",
    4: "pytest could not understand the command line",
    5: "no tests were collected from your test files",
}


def student_test_files(assignment: Assignment, root: Path) -> list[Path]:
    """The test files of the repository at `root` that count as the student's: every
    `tests/test_*.py` but those the starter gives (its `test_<homework>_*` file excepted)."""
    given = {
        f.relative.name
        for f in rendered(assignment.week, "starter")
        if f.relative.parts[0] == "tests"
        and not f.relative.name.startswith(f"test_{assignment.id}_")
    }
    tests_dir = root / "tests"
    return sorted(
        path for path in tests_dir.glob("test_*.py") if path.name not in given
    ) if tests_dir.is_dir() else []  # fmt: skip


def app_server(context: RunContext, reference: Path, jobs: int) -> AppForkServer:
    """The sandbox where this grade's apps start as warm forks, loaded with the reference."""
    apps = grader_folder(context, "apps", 0o755)
    config = app_config(context, apps, context.app_uid)
    limits = Limits(**config["limits"])
    # The server and every app running at once share the app uid's process limit.
    limits = replace(limits, processes=limits.processes * (max(jobs, 1) + 1))
    return AppForkServer(
        reference=reference,
        apps=apps,
        runs=grader_folder(context, "app-runs", 0o755),
        sockets=grader_folder(context, "grader-sockets", 0o755),
        limits=limits,
        uid=context.app_uid,
        app_env=config["app_env"],
        extra_ro=tuple((Path(a), b) for a, b in config["extra_ro"]),
        python=config["python"],
        startup_seconds=2 * context.assignment.limits.startup_seconds,
        mail=config.get("mail"),
        mail_runs=grader_folder(context, "test-mail", 0o755) if "mail" in config else None,
        app=context.assignment.app,
    )


def new_app_folder(context: RunContext, app_files: list[RenderedFile]) -> Path:
    """A folder with a random name: not even a path tells the reference from a mutant."""
    app_dir = hex_folder(grader_folder(context, "apps", 0o755), "app-")
    app_dir.chmod(0o755)
    write_tree(app_files, app_dir)
    return app_dir


def run_student_tests(
    context: RunContext, server: AppForkServer, app_dir: Path, suite: Path, jobs: int
) -> tuple[int | None, str]:
    """Start the app in `app_dir`, run the student's suite against it; (exit code, text).

    Every run of one grade looks the same to the student's tests in all but the app's answers:
    the same command, environment, limits, uid and paths inside the sandbox; the folders
    outside get random names, so not even the mount table tells the reference from a mutant.
    """
    app = server.prepare(app_dir)
    process = None
    # The app may take twice its start-up time on a busy machine: the tests wait that long.
    startup_seconds = 2 * context.assignment.limits.startup_seconds
    try:
        limits = context.assignment.limits.sandbox()
        # The runs of one grade share the student's uid, and so its process limit.
        limits = replace(limits, processes=limits.processes * max(jobs, 1))
        inside_socket = f"{MOUNT_ROOT}/app.sock"
        mounts: list[tuple[Path, str]] = [(app.socket_path, inside_socket)]
        inside_mail = f"{MOUNT_ROOT}/mail"
        if app.mail_folder:
            # The email this run's app sent, for the `mailbox` fixture (week 9 on).
            mounts.append((app.mail_folder, inside_mail))
        tests = Sandbox(suite, app.work, limits, context.tests_uid, extra_ro=tuple(mounts))
        socket = inside_socket if tests.isolated else str(app.socket_path)
        inside = tests.inside("work")
        mail_env = {}
        if app.mail_folder:
            folder = inside_mail if tests.isolated else str(app.mail_folder)
            mail_env = {"COURSEHUB_TEST_MAILDIR": folder}
        process = tests.start(
            [
                sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "-p", "pytest_timeout", f"--timeout={context.assignment.limits.test_seconds}",
                "-p", WAIT_FOR_APP.stem,
                "-c", "pytest.ini", "--rootdir", ".", "tests",
                # The first failing test is enough: on a mutant the bug is caught, on the
                # reference the suite is wrong. The same on every run.
                "-x",
            ],
            {
                "COURSEHUB_TEST_BASE_URL": f"unix:{socket}",
                "COURSEHUB_TEST_DATABASE_URL": f"sqlite+aiosqlite:///{inside}/app.db",
                "COURSEHUB_TEST_SEED": str(context.seed),
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
                "COURSEHUB_TEST_STARTUP_SECONDS": str(startup_seconds),
            }
            | mail_env,
            cwd=tests.inside("submission"),
        )  # fmt: skip
        # The tests' interpreter starts and collects while the app boots; they begin when it
        # answers (the plugin waits outside every test's time limit).
        app.launch()
        if not app.wait_ready():
            raise CourseError(f"the reference app did not start:\n{app.startup_error}")
        code = process.wait(timeout=context.assignment.limits.total_seconds / 4)
        return code, process.output.text()
    finally:
        if process is not None and process.alive():
            process.kill()  # the app never answered
        app.stop()


def grade_tests(context: RunContext, jobs: int) -> GradeResult:
    """The mutants' rows, then the rubric's: whatever happened to the tests, a student is told
    what the TA will grade."""
    result = grade_against_mutants(context, jobs)
    result.tests += rubric_rows(context.assignment, context.copy_root)
    return result


def grade_against_mutants(context: RunContext, jobs: int) -> GradeResult:
    assignment = context.assignment
    mutants = load_mutants(assignment)
    share = distribute(assignment.automatic_points, [1.0] * len(mutants))
    student_files = student_test_files(assignment, context.copy_root)
    if not student_files:
        why = (f"No test files found: write your tests in tests/test_{assignment.id}_*.py "
               "(the given test files do not count).")  # fmt: skip
        return total(
            context,
            [mutant_result(m, s, False, why) for m, s in zip(mutants, share, strict=True)],
            [why],
        )
    reference = rendered(assignment.week, "reference")
    suite = context.work / "student-suite"
    # The fixtures, and (week 9 on) the reader of the app's email they use.
    fixtures = ("tests/conftest.py", "tests/helpers.py", "tests/sent_mail.py")
    ours = [f for f in reference if str(f.relative) in fixtures]
    theirs = [RenderedFile(Path("tests") / p.name, p.read_bytes()) for p in student_files]
    plugin = RenderedFile(Path(WAIT_FOR_APP.name), WAIT_FOR_APP.read_bytes())
    ini = RenderedFile(Path("pytest.ini"), PYTEST_INI.encode())
    write_tree([*ours, *theirs, plugin, ini], suite)

    reference_dir = new_app_folder(context, reference)
    verdicts: list[bool] = []
    with app_server(context, reference_dir, jobs) as server:

        def caught(mutant: Mutant) -> bool:
            app_dir = new_app_folder(context, mutate(reference, mutant))
            code, _ = run_student_tests(context, server, app_dir, suite, jobs)
            return code != 0

        # The mutants start beside the reference run, not after it: an honest suite is graded
        # in the time of its runs over the cores; a suite that fails on the reference stops
        # them.
        with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
            on_reference = pool.submit(
                run_student_tests, context, server, reference_dir, suite, jobs
            )
            on_mutants = [pool.submit(caught, mutant) for mutant in mutants]
            code, output = on_reference.result()
            if code != 0:
                for future in on_mutants:
                    future.cancel()
            else:
                verdicts = [future.result() for future in on_mutants]
    if os.environ.get("COURSE_GRADER_DEBUG"):
        sys.stderr.write(f"reference run: exit {code}\n{output[:8000]}\n")
    if code != 0:
        why = reference_failure(code, output)
        return total(
            context,
            [mutant_result(m, s, False, why) for m, s in zip(mutants, share, strict=True)],
            [why],
        )
    tests = [
        mutant_result(mutant, points, verdict, "")
        for mutant, points, verdict in zip(mutants, share, verdicts, strict=True)
    ]
    return total(
        context,
        tests,
        [f"Your tests pass on the working app and catch {sum(verdicts)} of {len(mutants)} bugs."],
    )


def reference_failure(code: int | None, output: str) -> str:
    if code is None:
        return "Your tests did not finish on the working app within the time limit; 0 points."
    if code in EXIT_MESSAGES:
        return f"Your tests could not run on the working app ({EXIT_MESSAGES[code]}); 0 points."
    failing = sorted(
        {
            line.split(" - ")[0].removeprefix("FAILED ").removeprefix("ERROR ").strip()
            for line in output.splitlines()
            if line.startswith(("FAILED ", "ERROR "))
        }
    )
    named = ", ".join(failing[:5]) or "see `uv run pytest` locally"
    return (
        "Your tests must pass on the working app before they can catch bugs, and these fail "
        f"there: {named}. A test that fails on correct code tests the wrong behavior; 0 points."
    )


def mutant_result(mutant: Mutant, points: float, caught: bool, why: str) -> TestResult:
    return TestResult(
        name=f"catches: {mutant.behavior}",
        score=points if caught else 0.0,
        max_score=points,
        status="passed" if caught else "failed",
        output=""
        if caught
        else (why or f"No test failed when the app got this wrong: {mutant.behavior}."),
        visibility="visible",
    )
