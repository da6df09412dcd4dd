"""Grade one submission: `course grade ASSIGNMENT SUBMISSION_DIR`.

Three kinds of assignment share one path: copy the submission safely, run something against
it in the sandbox, and turn only what was observed into a `GradeResult`. Every failure of the
submission (no app, a crash, a hang, an attack) ends as a score and a message; only a broken
assignment spec or a missing submission folder is an error of the person running the grader.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from autograder.live_plugin import LiveApp
from autograder.results import GradeResult, TestResult, distribute, humanize
from autograder.sandbox import MOUNT_ROOT, Sandbox, random_secret
from autograder.spec import Assignment, load_assignment
from autograder.submission import SubmissionError, safe_copy
from course.errors import CourseError
from course.render import RenderedFile, render_tree, write_tree
from course.term import REPO_ROOT

PYTEST_INI = """\
[pytest]
testpaths = tests
python_files = test_*.py
addopts = -p no:cacheprovider
markers =
    homework(id): a homework's test
    points(weight): the test's weight
    visibility(level): visible, hidden or after_due_date
    given: passes on the untouched starter by design
"""
GRADER_MEMORY_GB = 4
EXIT_MESSAGES = {
    2: "the test run was interrupted",
    3: "pytest crashed while running your tests",
    4: "pytest could not understand the command line",
    5: "no tests were collected from your test files",
}


@dataclass(frozen=True)
class RunContext:
    assignment: Assignment
    copy_root: Path
    work: Path
    slot: int
    notes: list[str]


def grade(assignment_id: str, submission: Path, *, slot: int = 0, jobs: int = 1) -> GradeResult:
    assignment = load_assignment(assignment_id)
    if not submission.exists():
        raise CourseError(f"no submission at {submission}")
    with tempfile.TemporaryDirectory(prefix=f"grade-{assignment.id}-") as scratch:
        work = Path(scratch)
        work.chmod(0o755)
        try:
            copy = safe_copy(submission, work / "submission")
        except SubmissionError as error:
            return _whole_submission_failed(assignment, submission, f"Not graded: {error}.")
        context = RunContext(assignment, copy.root, work, slot, list(copy.notes))
        runner = {"contract": _grade_contract, "tests": _grade_tests, "setup": _grade_setup}
        result = runner[assignment.kind](context, jobs)
    result.submission = submission.name
    return result


def _whole_submission_failed(assignment: Assignment, submission: Path, why: str) -> GradeResult:
    return GradeResult(
        assignment=assignment.id,
        submission=submission.name,
        score=0,
        max_score=assignment.points,
        tests=[TestResult("submission", 0, assignment.points, "failed", why)],
        notes=[why],
    )


# --- the suites the grader runs ----------------------------------------------------------


@cache
def _reference_tree(week: int) -> tuple[RenderedFile, ...]:
    return tuple(render_tree(week, "reference"))


def reference_files(week: int) -> list[RenderedFile]:
    """The week's reference, rendered once per process: grading HW1 starts it eleven times."""
    return list(_reference_tree(week))


def build_contract_suite(assignment: Assignment, destination: Path) -> None:
    """Our copy of the week's visible tests (never the student's) plus the hidden suite."""
    files = [f for f in reference_files(assignment.week) if f.relative.parts[0] == "tests"]
    if assignment.hidden_dir.is_dir():
        files += [
            RenderedFile(Path("tests") / path.name, path.read_bytes())
            for path in sorted(assignment.hidden_dir.glob("*.py"))
        ]
    files.append(RenderedFile(Path("pytest.ini"), PYTEST_INI.encode()))
    write_tree(files, destination)
    # Only the grader (root) reads the suite: where the student's app runs without bubblewrap,
    # as an unprivileged user, it cannot open the hidden tests.
    destination.chmod(0o700)


def _app_config(context: RunContext, submission: Path, work: Path, slot: int) -> dict:
    sample = work.parent / "grader-data" / "sample_data.sql"
    if not sample.exists():
        sample.parent.mkdir(parents=True, exist_ok=True)
        source = next(
            f
            for f in reference_files(context.assignment.week)
            if str(f.relative) == "sql/sample_data.sql"
        )
        sample.write_bytes(source.content)
    sandbox = Sandbox(submission, work, context.assignment.limits.sandbox(), slot)
    inside_sample = f"{MOUNT_ROOT}/data/sample_data.sql" if sandbox.isolated else str(sample)
    return {
        "submission": str(submission),
        "work": str(work),
        "slot": slot,
        "limits": asdict(context.assignment.limits.sandbox()),
        "extra_ro": [[str(sample), inside_sample]] if sandbox.isolated else [],
        "python": sys.executable,
        "startup_seconds": context.assignment.limits.startup_seconds,
        "app_env": {
            "SECRET_KEY": random_secret(),
            "SEED_SAMPLE_DATA": "true",
            "SAMPLE_DATA_FILE": inside_sample,
            # Real Argon2, at the lowest cost, so grading is fast and still checks hashing.
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST_KIB": "1024",
            "ARGON2_PARALLELISM": "1",
        },
        "isolation": sandbox.isolation,
    }


def _grader_env(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": str(REPO_ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
        "LANG": "C.UTF-8",
    }


def run_live_suite(context: RunContext, suite: Path) -> tuple[list[dict], list[str], str | None]:
    """Run `suite` in the grader's pytest against the submission's app; return the per-test
    records, notes, and the start-up error if the app never started."""
    work = context.work / "app"
    work.mkdir()
    config = _app_config(context, context.copy_root, work, context.slot)
    config["results"] = str(context.work / "results.jsonl")
    config_file = context.work / "grader-config.json"
    config_file.write_text(json.dumps(config))
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-p", "pytest_timeout", "-p", "autograder.live_plugin",
        "-c", str(suite / "pytest.ini"), "--rootdir", str(suite), "--confcutdir", str(suite),
        f"--timeout={context.assignment.limits.test_seconds}", "--timeout-method=signal",
        "--grader-config", str(config_file), str(suite / "tests"),
    ]  # fmt: skip
    notes: list[str] = []
    try:
        completed = subprocess.run(
            command,
            cwd=suite,
            env=_grader_env(context.work)
            | {
                "COURSEHUB_TEST_BASE_URL": f"unix:{work / 'app.sock'}",
                "COURSEHUB_TEST_DATABASE_URL": f"sqlite+aiosqlite:///{work / 'app.db'}",
            },
            capture_output=True,
            timeout=context.assignment.limits.total_seconds,
            check=False,
            preexec_fn=_limit_grader_memory,
        )
        if os.environ.get("COURSE_GRADER_DEBUG"):
            sys.stderr.write(completed.stdout.decode(errors="replace")[:8000])
    except subprocess.TimeoutExpired:
        notes.append(
            f"Grading stopped after {context.assignment.limits.total_seconds:g} s, the limit for "
            "the whole submission; the checks that had not run yet count as failed."
        )
    records, session, collected = _read_results(Path(config["results"]))
    notes += session.get("notes", [])
    seen = {record["id"] for record in records}
    for test_id, name, file in collected:
        if test_id not in seen:
            records.append(_not_run(test_id, name, file))
    return records, notes, session.get("startup_error")


def _limit_grader_memory() -> None:
    """The grader's own pytest reads whatever the student's app answers; an answer of many
    gigabytes must end that run (its finished rows are already written), not the machine."""
    limit = GRADER_MEMORY_GB * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _read_results(path: Path) -> tuple[list[dict], dict, list[list[str]]]:
    """What the grader's own pytest process wrote: per-test records, the session's notes, and
    the list of every collected test."""
    records, session, collected = [], {}, []
    if path.exists():
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            if entry["type"] == "session":
                session = entry
            elif entry["type"] == "collected":
                collected = entry["tests"]
            else:
                records.append(entry)
    if not collected and not records:
        raise CourseError(f"the grader's suite ran no tests (see {path.parent}); is it broken?")
    return records, session, collected


def _not_run(test_id: str, name: str, file: str) -> dict:
    return {
        "id": test_id, "file": file, "name": name, "doc": "", "outcome": "failed",
        "message": "Not run: grading stopped before this check (time limit).", "requests": [],
        "points": 1.0, "visibility": None, "given": False,
    }  # fmt: skip


def _explain(record: dict) -> str:
    """A failure in words a student can act on: the contract, then what their app did."""
    contract = record["doc"] or humanize(record["name"]).capitalize()
    parts = [f"Expected: {contract.rstrip('.')}."]
    if record["message"]:
        parts.append(record["message"])
    if record["requests"]:
        method, path, status = record["requests"][-1]
        parts.append(f"Your app answered {status} to {method} {path}.")
    return " ".join(parts)


# --- contract assignments --------------------------------------------------------------------


def _grade_contract(context: RunContext, jobs: int) -> GradeResult:
    assignment = context.assignment
    suite = context.work / "suite"
    build_contract_suite(assignment, suite)
    records, notes, startup_error = run_live_suite(context, suite)
    hidden = {path.name for path in assignment.hidden_dir.glob("*.py")}
    scored = [
        r for r in records if r["file"] in hidden or r["file"].startswith(f"test_{assignment.id}_")
    ]
    regression = [r for r in records if r not in scored]
    shares = distribute(assignment.points, [r["points"] for r in scored])
    tests = []
    for record, share in zip(scored, shares, strict=True):
        visibility = record["visibility"] or ("hidden" if record["file"] in hidden else "visible")
        tests.append(_test_result(record, share, visibility))
    for record in regression:
        result = _test_result(record, 0.0, "visible")
        result.given = True
        result.name = f"(still works) {result.name}"
        tests.append(result)
    if startup_error:
        notes.insert(0, startup_error)
    return _total(context, tests, notes)


def _test_result(record: dict, max_score: float, visibility: str) -> TestResult:
    passed = record["outcome"] == "passed"
    return TestResult(
        name=humanize(record["name"]),
        score=max_score if passed else 0.0,
        max_score=max_score,
        status="passed" if passed else "failed",
        output="" if passed else _explain(record),
        visibility=visibility,
        given=record.get("given", False),
    )


def _total(context: RunContext, tests: list[TestResult], notes: list[str]) -> GradeResult:
    sandbox = Sandbox(context.copy_root, context.work, context.assignment.limits.sandbox())
    notes = [*context.notes, *notes]
    if not sandbox.isolated:
        notes.append(f"Sandbox: {sandbox.isolation}.")
    return GradeResult(
        assignment=context.assignment.id,
        submission="",
        score=round(sum(test.score for test in tests), 2),
        max_score=context.assignment.points,
        tests=tests,
        notes=notes,
        sandbox=sandbox.isolation,
    )


# --- write-the-tests assignments (graded by mutants) ---------------------------------------


@dataclass(frozen=True)
class Mutant:
    name: str
    behavior: str  # what the planted bug gets wrong, in the words of the contract
    file: str
    find: str
    replace: str


def load_mutants(assignment: Assignment) -> list[Mutant]:
    spec = assignment.folder / "mutants.toml"
    if not spec.is_file():
        raise CourseError(f"{spec} is missing: a `tests` assignment needs its mutants")
    try:
        entries = tomllib.loads(spec.read_text())["mutant"]
        return [Mutant(**entry) for entry in entries]
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise CourseError(
            f"{spec}: each [[mutant]] needs name, behavior, file, find, replace ({error})"
        ) from None


def mutate(files: list[RenderedFile], mutant: Mutant) -> list[RenderedFile]:
    """The reference with one bug planted; the spec's `find` must occur exactly once."""
    mutated = []
    for item in files:
        if str(item.relative) == mutant.file:
            text = item.content.decode()
            if text.count(mutant.find) != 1:
                raise CourseError(
                    f"mutant {mutant.name}: its `find` text occurs {text.count(mutant.find)} times "
                    f"in {mutant.file} (it must occur exactly once)"
                )
            item = RenderedFile(item.relative, text.replace(mutant.find, mutant.replace).encode())
        mutated.append(item)
    if mutated == files:
        raise CourseError(f"mutant {mutant.name}: no file {mutant.file} in the reference")
    return mutated


def student_test_files(context: RunContext) -> list[Path]:
    given = {
        f.relative.name
        for f in render_tree(context.assignment.week, "starter")
        if f.relative.parts[0] == "tests"
        and not f.relative.name.startswith(f"test_{context.assignment.id}_")
    }
    tests_dir = context.copy_root / "tests"
    return sorted(
        path for path in tests_dir.glob("test_*.py") if path.name not in given
    ) if tests_dir.is_dir() else []  # fmt: skip


def _run_student_tests(
    context: RunContext, app_files: list[RenderedFile], suite: Path, run: str, slot: int
) -> tuple[int | None, str]:
    """Start `app_files` as a live app, run the student's suite against it; (exit code, text)."""
    app_dir = context.work / f"app-{run}"
    write_tree(app_files, app_dir)
    work = context.work / f"work-{run}"
    work.mkdir()
    config = _app_config(context, app_dir, work, slot)
    app = LiveApp(config)
    if not app.start():
        raise CourseError(f"the reference app ({run}) did not start:\n{app.startup_error}")
    try:
        tests = Sandbox(suite, work, context.assignment.limits.sandbox(), slot + 1)
        inside = tests.inside("work")
        process = tests.start(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-p",
                "pytest_timeout",
                f"--timeout={context.assignment.limits.test_seconds}",
                "-c",
                "pytest.ini",
                "--rootdir",
                ".",
                "tests",
                # On a mutant the first failing test is enough: the bug is caught.
                *(["-x"] if run != "reference" else []),
            ],
            {
                "COURSEHUB_TEST_BASE_URL": f"unix:{inside}/app.sock",
                "COURSEHUB_TEST_DATABASE_URL": f"sqlite+aiosqlite:///{inside}/app.db",
                "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            },
            cwd=tests.inside("submission"),
        )
        code = process.wait(timeout=context.assignment.limits.total_seconds / 4)
        return code, process.output.text()
    finally:
        app.stop()


def _grade_tests(context: RunContext, jobs: int) -> GradeResult:
    assignment = context.assignment
    mutants = load_mutants(assignment)
    share = distribute(assignment.points, [1.0] * len(mutants))
    student_files = student_test_files(context)
    if not student_files:
        why = (f"No test files found: write your tests in tests/test_{assignment.id}_*.py "
               "(the given test files do not count).")  # fmt: skip
        return _total(
            context,
            [_mutant_result(m, s, False, why) for m, s in zip(mutants, share, strict=True)],
            [why],
        )
    reference = reference_files(assignment.week)
    suite = context.work / "student-suite"
    ours = [f for f in reference if str(f.relative) in ("tests/conftest.py", "tests/helpers.py")]
    theirs = [RenderedFile(Path("tests") / p.name, p.read_bytes()) for p in student_files]
    write_tree([*ours, *theirs, RenderedFile(Path("pytest.ini"), PYTEST_INI.encode())], suite)

    code, output = _run_student_tests(context, reference, suite, "reference", context.slot * 4)
    if os.environ.get("COURSE_GRADER_DEBUG"):
        sys.stderr.write(f"reference run: exit {code}\n{output[:8000]}\n")
    if code != 0:
        why = _reference_failure(code, output)
        return _total(
            context,
            [_mutant_result(m, s, False, why) for m, s in zip(mutants, share, strict=True)],
            [why],
        )

    def caught(index_and_mutant: tuple[int, Mutant]) -> bool:
        index, mutant = index_and_mutant
        slot = context.slot * 4 + 2 * (index % max(jobs, 1))
        mutated = mutate(reference, mutant)
        code, _ = _run_student_tests(context, mutated, suite, mutant.name, slot)
        return code != 0

    with ThreadPoolExecutor(max_workers=max(jobs, 1)) as pool:
        verdicts = list(pool.map(caught, enumerate(mutants)))
    tests = [
        _mutant_result(mutant, points, verdict, "")
        for mutant, points, verdict in zip(mutants, share, verdicts, strict=True)
    ]
    return _total(
        context,
        tests,
        [f"Your tests pass on the working app and catch {sum(verdicts)} of {len(mutants)} bugs."],
    )


def _reference_failure(code: int | None, output: str) -> str:
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


def _mutant_result(mutant: Mutant, points: float, caught: bool, why: str) -> TestResult:
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


# --- the environment-check assignment (HW0) -------------------------------------------------


def _grade_setup(context: RunContext, jobs: int) -> GradeResult:
    suite = context.work / "suite"
    build_contract_suite(context.assignment, suite)
    records, notes, startup_error = run_live_suite(context, suite)
    started = startup_error is None
    failing = [r for r in records if r["outcome"] != "passed"]
    tests = [
        _check("your app starts and answers GET /health", 4, started, startup_error or ""),
        _check(
            "the week's visible tests pass against your app",
            4,
            started and not failing,
            "Failing: " + ", ".join(humanize(r["name"]) for r in failing[:5]),
        ),
        _environment_report(context.copy_root),
        _team_agreement(context.copy_root),
    ]  # fmt: skip
    return _total(context, tests, notes)


def _check(name: str, points: float, ok: bool, why: str) -> TestResult:
    """A check that the untouched starter passes by design (it is the starting point)."""
    return TestResult(
        name,
        points if ok else 0,
        points,
        "passed" if ok else "failed",
        "" if ok else why,
        given=True,
    )


def _environment_report(root: Path) -> TestResult:
    name = "hw00-environment.json shows every check of `python -m coursehub.doctor` ok"
    path = root / "hw00-environment.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8")[:100_000])
        ok = report.get("all_ok") is True and len(report.get("checks", [])) >= 4
    except (OSError, ValueError, AttributeError):
        return TestResult(
            name,
            0,
            2,
            "failed",
            "Run `uv run python -m coursehub.doctor` and commit hw00-environment.json.",
        )
    why = (
        "" if ok else "The report shows a failed check: run the doctor again and follow its fixes."
    )
    return TestResult(name, 2 if ok else 0, 2, "passed" if ok else "failed", why)


def _team_agreement(root: Path) -> TestResult:
    name = "TEAM.md: the team working agreement (graded by your TA)"
    path = root / "TEAM.md"
    if not path.is_file():
        return TestResult(
            name, 0, 10, "failed", "TEAM.md is missing: fill in the template and commit it."
        )
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    empty = sum(
        1 for line in lines if line.strip().startswith("- ") and line.rstrip().endswith(":")
    )
    state = f"{empty} answers still empty; " if empty else ""
    return TestResult(
        name, 0, 10, "pending", f"{state}your TA grades it with the rubric on the HW0 page."
    )


def calibrate(assignment_id: str) -> list[str]:
    """Problems with an assignment: the reference must earn full marks (twice, identically),
    the untouched starter must fail every check not marked as given."""
    from course.render import starter_path

    assignment = load_assignment(assignment_id)
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        reference = Path(scratch) / "reference"
        write_tree(reference_files(assignment.week), reference)
        # What a model student adds besides code (e.g. HW0's report and team agreement).
        extras = assignment.folder / "reference"
        if extras.is_dir():
            shutil.copytree(extras, reference, dirs_exist_ok=True)
        first = grade(assignment_id, reference, jobs=os.cpu_count() or 1)
        second = grade(assignment_id, reference, jobs=os.cpu_count() or 1)
    scored = [t for t in first.tests if t.status != "pending"]
    problems += [
        f"{assignment_id}: fails on the reference: {t.name}: {t.output}"
        for t in scored if t.status != "passed"
    ]  # fmt: skip
    if first.to_dict() != second.to_dict():
        changed = [a.name for a, b in zip(first.tests, second.tests, strict=False) if a != b]
        problems.append(
            f"{assignment_id}: grading the reference twice gave different results "
            f"({', '.join(changed[:5]) or 'notes differ'})"
        )
    starter = grade(assignment_id, starter_path(assignment.week), jobs=os.cpu_count() or 1)
    problems += [
        f"{assignment_id}: passes on the untouched starter but is not marked given: {t.name}"
        for t in starter.tests
        if t.status == "passed" and not t.given
    ]
    return problems


def grade_to_file(assignment_id: str, submission: Path, fmt: str, out: Path | None) -> GradeResult:
    from autograder.results import FORMATS

    result = grade(assignment_id, submission, jobs=os.cpu_count() or 1)
    text = FORMATS[fmt](result)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(out.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    else:
        sys.stdout.write(text)
    return result
