"""`course export WEEK --out DIR [--deployment fork|classroom]`: a student repository, ready to
push as a template.

What the repository gets, and why:

- the week's starter and its visible tests, rendered from `solutions/` (never a hidden test);
- `README.md` for that week's homework: due date, how to start, how to hand it in with this
  deployment, the homework page with its behavior contracts, then the app's own README;
- `pyproject.toml` pinned to this repository's `uv.lock`: the direct dependencies (as in every
  starter) and, as uv constraints, everything they pull in, so a student's `uv sync` installs
  exactly the versions the course was tested with;
- `.devcontainer/devcontainer.json`, so that a codespace opens ready to run the tests;
- the workflows of the chosen deployment (see `autograder/DEPLOYMENTS.md`): `fork` (one class
  repository that students fork, graded by a trusted `workflow_run` job in it) or `classroom`
  (one repository per student, graded from the staff's private grading repository, which the
  export writes too, beside the student repository).

Templates live in `course/templates/`; `@@NAME@@` placeholders are filled here, and a
template that names a placeholder nobody fills is an error, not a silent hole.
"""

import posixpath
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.calendar import load_calendar
from course.content import read_page
from course.errors import CourseError
from course.render import RenderedFile, _normalise, locked_versions, render_tree, write_tree
from course.term import (
    REPO_ROOT,
    STARTER_WEEKS,
    Homework,
    homework_of_week,
    week_id,
)

DEPLOYMENTS = ("fork", "classroom")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LESSONS_DIR = REPO_ROOT / "lessons"
# The tools every workflow and codespace installs: the versions this repository runs on.
PYTHON_VERSION = "3.11"
UV_VERSION = "0.13.9"

_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Exported:
    student: Path
    grading: Path | None  # the staff's grading repository (classroom deployment only)


def fill(template: str, values: dict[str, str], where: str) -> str:
    """Replace every `@@NAME@@`; a name without a value is a broken template."""

    def replace(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in values:
            raise CourseError(f"{where}: the template names @@{name}@@, which has no value")
        return values[name]

    return _PLACEHOLDER.sub(replace, template)


def template(relative: str, values: dict[str, str]) -> str:
    path = TEMPLATES_DIR / relative
    return fill(path.read_text(encoding="utf-8"), values, str(path.relative_to(REPO_ROOT)))


# --- pinned versions --------------------------------------------------------------------------


def locked_closure(
    requirements: list[str], lock_file: Path = REPO_ROOT / "uv.lock"
) -> dict[str, str]:
    """Every package that `requirements` (e.g. `uvicorn[standard]`) pull in, with the version
    this repository's uv.lock resolved: {normalised name: version}. Packages the lock holds in
    several versions (forked by Python version) are left out: no single pin is right for them.
    """
    versions = locked_versions(lock_file)
    packages: dict[str, list[dict]] = {}
    for package in tomllib.loads(lock_file.read_text(encoding="utf-8")).get("package", []):
        packages.setdefault(_normalise(package["name"]), []).append(package)
    pending: list[tuple[str, tuple[str, ...]]] = []
    for requirement in requirements:
        found = _REQUIREMENT.match(requirement)
        if not found:
            raise CourseError(f"cannot read the requirement {requirement!r}")
        extras = tuple(e.strip() for e in (found.group(2) or "").split(",") if e.strip())
        pending.append((_normalise(found.group(1)), extras))
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while pending:
        item = pending.pop()
        if item in seen:
            continue
        seen.add(item)
        name, extras = item
        if name not in packages:
            raise CourseError(f"{name} is not in uv.lock: add it to pyproject.toml, run `uv lock`")
        for package in packages[name]:
            edges = list(package.get("dependencies", []))
            for extra in extras:
                edges += package.get("optional-dependencies", {}).get(extra, [])
            for edge in edges:
                edge_extras = edge.get("extra", [])
                if isinstance(edge_extras, str):
                    edge_extras = [edge_extras]
                pending.append((_normalise(edge["name"]), tuple(edge_extras)))
    names = sorted({name for name, _ in seen})
    return {name: versions[name] for name in names if len(packages[name]) == 1}


def project_requirements(pyproject_text: str) -> list[str]:
    """The `[project] dependencies` of a (rendered, pinned) pyproject.toml."""
    try:
        return list(tomllib.loads(pyproject_text)["project"]["dependencies"])
    except (tomllib.TOMLDecodeError, KeyError) as error:
        raise CourseError(
            f"the starter's pyproject.toml has no dependency list ({error})"
        ) from None


def with_constraints(pyproject_text: str) -> str:
    """The starter's pyproject.toml, plus uv constraints that pin every package its
    dependencies pull in (the direct ones are pinned already)."""
    requirements = project_requirements(pyproject_text)
    closure = locked_closure(requirements)
    direct = {_normalise(re.split(r"[\[=<>!~; ]", r, maxsplit=1)[0]) for r in requirements}
    lines = [f'    "{name}=={version}",' for name, version in closure.items() if name not in direct]
    block = (
        "# Everything the dependencies above pull in, at the versions the course was tested with.\n"
        "constraint-dependencies = [\n" + "\n".join(lines) + "\n]\n"
    )
    if "\n[tool.uv]\n" not in pyproject_text:
        return pyproject_text.rstrip("\n") + "\n\n[tool.uv]\n" + block
    head, tail = pyproject_text.split("\n[tool.uv]\n", 1)
    return f"{head}\n[tool.uv]\n{block}{tail}"


# --- the README -------------------------------------------------------------------------------


def homework_page(homework: Homework) -> Path:
    pages = sorted((LESSONS_DIR / week_id(homework.week)).glob(f"{homework.id}-*.md"))
    if not pages:
        raise CourseError(f"no homework page lessons/{week_id(homework.week)}/{homework.id}-*.md")
    return pages[0]


def _demote(markdown: str) -> str:
    """Headings one level down (the page's `## Goal` becomes `### Goal` under a README
    section), leaving fenced code alone."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip("\n")


def _relink(markdown: str, page_uri: PurePosixPath, site_url: str | None) -> str:
    """Links between course pages point at the course website (or become plain text when
    its address is not known), since the repository does not hold those pages."""

    def replace(found: re.Match[str]) -> str:
        label, target = found.groups()
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):
            return found.group(0)
        path, _, anchor = target.partition("#")
        resolved = PurePosixPath(posixpath.normpath(page_uri.parent / path))
        if not site_url:
            return f"{label} (on the course website)"
        page = resolved.with_suffix("") if resolved.suffix == ".md" else resolved
        url = f"{site_url.rstrip('/')}/{page.as_posix()}/" + (f"#{anchor}" if anchor else "")
        return f"[{label}]({url})"

    return _LINK.sub(replace, markdown)


def homework_sections(homework: Homework, site_url: str | None) -> tuple[str, str]:
    """(title, body) of the homework page for a README: the due date filled in, links made
    absolute, and without its hand-in section (the README's own says how, per deployment)."""
    from course.site import fill_placeholders

    path = homework_page(homework)
    page = read_page(path)
    where = str(path.relative_to(REPO_ROOT))
    body = fill_placeholders(page.body, page.meta, load_calendar(), where)
    body = re.sub(r"(?ms)^## Due date and submission\n.*?(?=^## |\Z)", "", body)
    page_uri = PurePosixPath("weeks") / path.relative_to(LESSONS_DIR).as_posix()
    return str(page.meta.get("title", homework.title)), _demote(_relink(body, page_uri, site_url))


def app_readme(starter_readme: str) -> str:
    """The starter's README without its title, headings demoted."""
    body = re.sub(r"\A# [^\n]*\n+", "", starter_readme)
    return _demote(body)


def student_readme(
    homework: Homework, starter_readme: str, deployment: str, site_url: str | None
) -> str:
    from course.site import due_text

    calendar = load_calendar()
    title, body = homework_sections(homework, site_url)
    values = _values(homework)
    values |= {
        "TITLE": title,
        "TERM": calendar.name,
        "DUE": due_text(calendar.due(homework)),
        "SUBMIT": template(f"{deployment}/submit.md", values).strip(),
        "TESTS_COMMENT": TESTS_COMMENT[homework.kind],
        "DO_NOT_CHANGE": fill(DO_NOT_CHANGE[homework.kind], values, "course/export.py"),
        "HOMEWORK": body,
        "APP": app_readme(starter_readme),
    }
    return template("student/README.md", values)


# What differs in the README between kinds of homework (see course/term.py).
TESTS_COMMENT = {
    "contract": "the visible tests; this homework's tests fail until you do it",
    "setup": "the visible tests",
    "tests": "the given tests, and yours once you have written them",
}
DO_NOT_CHANGE = {
    "contract": (
        "Do not change `.github/workflows/`, `pyproject.toml` or the tests: the grader runs "
        "its own copy of the tests, with the dependency versions pinned here."
    ),
    "tests": (
        "Write your tests in new files named `tests/test_@@ASSIGNMENT@@_*.py`. Do not change "
        "`.github/workflows/`, `pyproject.toml` or the given tests: the grader runs your tests "
        "against its own copies of the app, with the dependency versions pinned here."
    ),
}
DO_NOT_CHANGE["setup"] = DO_NOT_CHANGE["contract"]


# --- the export -------------------------------------------------------------------------------


def _values(homework: Homework) -> dict[str, str]:
    return {
        "ASSIGNMENT": homework.id,
        "WEEK": week_id(homework.week),
        "WEEK_TITLE": f"week {homework.week}",
        "PYTHON_VERSION": PYTHON_VERSION,
        "UV_VERSION": UV_VERSION,
    }


def exported_homework(week: int) -> Homework:
    """The homework a week's repository is for; only homework that `course grade` grades."""
    from autograder.spec import ASSIGNMENTS_DIR, assignment_ids

    if week not in STARTER_WEEKS:
        known = ", ".join(week_id(w) for w in STARTER_WEEKS)
        raise CourseError(f"{week_id(week)} has no starter yet (weeks with one: {known})")
    homework = homework_of_week(week)
    gradable = assignment_ids(ASSIGNMENTS_DIR)
    if homework is None or homework.id not in gradable:
        what = (
            f"{week_id(week)}'s homework {homework.id} is a {homework.kind} with no autograder "
            "assignment"
            if homework
            else f"{week_id(week)} has no homework"
        )
        weeks = sorted(
            week_id(w) for w in STARTER_WEEKS if (h := homework_of_week(w)) and h.id in gradable
        )
        raise CourseError(
            f"{what}; `course export` makes repositories for homework graded on pull requests "
            f"({', '.join(weeks)})"
        )
    return homework


def _fresh_folder(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise CourseError(f"{path} already exists and is not empty; give a new folder for {what}")


def student_files(week: int, deployment: str, site_url: str | None) -> list[RenderedFile]:
    if deployment not in DEPLOYMENTS:
        raise CourseError(f"unknown deployment {deployment!r}: use {' or '.join(DEPLOYMENTS)}")
    homework = exported_homework(week)
    values = _values(homework)
    files = []
    readme = ""
    for item in render_tree(week, "starter"):
        if item.relative == Path("README.md"):
            readme = item.content.decode("utf-8")
            continue
        if item.relative == Path("pyproject.toml"):
            item = RenderedFile(item.relative, with_constraints(item.content.decode()).encode())
        files.append(item)
    text = student_readme(homework, readme, deployment, site_url)
    files.append(RenderedFile(Path("README.md"), text.encode("utf-8")))
    devcontainer = template("student/devcontainer.json", values)
    files.append(RenderedFile(Path(".devcontainer/devcontainer.json"), devcontainer.encode()))
    for workflow in sorted((TEMPLATES_DIR / deployment).glob("*.yml")):
        text = template(f"{deployment}/{workflow.name}", values)
        files.append(RenderedFile(Path(".github/workflows") / workflow.name, text.encode()))
    return sorted(files, key=lambda f: f.relative)


def grading_files(week: int) -> list[RenderedFile]:
    """The staff's private grading repository of the classroom deployment."""
    values = _values(exported_homework(week))
    return [
        RenderedFile(
            Path(".github/workflows/grade-classroom.yml"),
            template("grading/grade-classroom.yml", values).encode(),
        ),
        RenderedFile(Path("classroom.toml"), template("grading/classroom.toml", values).encode()),
        RenderedFile(Path("README.md"), template("grading/README.md", values).encode()),
    ]


def export_week(
    week: int,
    out: Path,
    deployment: str = "fork",
    *,
    grading_out: Path | None = None,
    site_url: str | None = None,
) -> Exported:
    files = student_files(week, deployment, site_url)
    _fresh_folder(out, "the student repository")
    grading = None
    if deployment == "classroom":
        grading = grading_out or out.with_name(f"{out.name}-grading")
        _fresh_folder(grading, "the grading repository")
        write_tree(grading_files(week), grading)
    elif grading_out is not None:
        raise CourseError("--grading-out is for the classroom deployment only")
    write_tree(files, out)
    return Exported(out, grading)
