"""The files of a week's student repository, and of the classroom deployment's staff
repository, written only into new folders."""

from dataclasses import replace
from pathlib import Path

from autograder.spec import ASSIGNMENTS_DIR, assignment_ids
from course.export.lockfile import student_lock
from course.export.pins import with_constraints
from course.export.plan import student_plan
from course.export.readme import student_readme
from course.export.report import Exported, summary
from course.export.site_links import SitePage, checked_site_url
from course.export.values import (
    DEPLOYMENT_TEMPLATES_DIR,
    deployment_template,
    student_template,
    template_values,
)
from course.site.dates import homework_label
from courseware.errors import CourseError
from courseware.render import RenderedFile, check_held, render_tree, rendered, write_tree
from courseware.term import HOMEWORK_BY_ID, STARTER_WEEKS, Homework, homework_of_week, week_id

DEPLOYMENTS = ("fork", "classroom")


def exported_homework(week: int) -> Homework:
    """The homework a week's repository is for; only homework that `course grade` grades."""
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


def fresh_folder(path: Path, what: str) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise CourseError(f"{path} already exists and is not empty; give a new folder for {what}")


def student_files(week: int, deployment: str, site_url: str | None) -> list[RenderedFile]:
    """The student repository's files (`student_repository` without the pages it names)."""
    return student_repository(week, deployment, site_url)[0]


def student_repository(
    week: int, deployment: str, site_url: str | None, held: frozenset[str] = frozenset()
) -> tuple[list[RenderedFile], list[SitePage]]:
    """The student repository's files, and the course pages its README names; `held`
    homework of earlier weeks stays stubbed (`courseware.render.check_held`)."""
    if deployment not in DEPLOYMENTS:
        raise CourseError(f"unknown deployment {deployment!r}: use {' or '.join(DEPLOYMENTS)}")
    homework = exported_homework(week)
    values = template_values(homework)
    files = []
    readme = ""
    starter = render_tree(week, "starter", held=held) if held else rendered(week, "starter")
    for item in starter:
        if item.relative == Path("README.md"):
            readme = item.content.decode("utf-8")
            continue
        if item.relative == Path("PLAN.md"):
            continue  # the instructors' plan; students get their own (see `plan`)
        if item.relative == Path("pyproject.toml"):
            pyproject = with_constraints(item.content.decode())
            item = RenderedFile(item.relative, pyproject.encode())
            files.append(RenderedFile(Path("uv.lock"), student_lock(pyproject).encode()))
        files.append(item)
    text, cited = student_readme(homework, readme, deployment, site_url)
    if held:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n{held_note(held)}{rest.lstrip(chr(10))}"
    files.append(RenderedFile(Path("README.md"), text.encode("utf-8")))
    devcontainer = student_template("devcontainer.json", values)
    files.append(RenderedFile(Path(".devcontainer/devcontainer.json"), devcontainer.encode()))
    for workflow in sorted((DEPLOYMENT_TEMPLATES_DIR / deployment).glob("*.yml")):
        text = deployment_template(f"{deployment}/{workflow.name}", values)
        files.append(RenderedFile(Path(".github/workflows") / workflow.name, text.encode()))
    paths = [item.relative for item in files] + [Path("PLAN.md")]
    plan = student_plan(homework, readme, paths, site_url)
    files.append(RenderedFile(Path("PLAN.md"), plan.encode("utf-8")))
    return sorted(files, key=lambda f: f.relative), cited


def held_note(held: frozenset[str]) -> str:
    """What a student must know first about a starter published with homework held back."""
    names = " and ".join(homework_label(HOMEWORK_BY_ID[h]) for h in sorted(held))
    return (
        f"> **{names} still stubbed.** Late work for {names} is still coming in, so this "
        f"starter has {names}'s code as its own starter had it (the `TODO`s). Bring your own "
        f"solution into it (merge your branch, or copy your files over). The full starter, "
        f"with the reference solution, follows once the last late day is over.\n\n"
    )


def grading_files(week: int) -> list[RenderedFile]:
    """The staff's private grading repository of the classroom deployment."""
    values = template_values(exported_homework(week))
    return [
        RenderedFile(
            Path(".github/workflows/grade-classroom.yml"),
            deployment_template("grading/grade-classroom.yml", values).encode(),
        ),
        RenderedFile(
            Path("classroom.toml"), deployment_template("grading/classroom.toml", values).encode()
        ),
        RenderedFile(Path("README.md"), deployment_template("grading/README.md", values).encode()),
    ]


def export_week(
    week: int,
    out: Path,
    deployment: str = "fork",
    *,
    grading_out: Path | None = None,
    site_url: str | None = None,
    held: frozenset[str] = frozenset(),
) -> Exported:
    site_url = checked_site_url(site_url)
    held = check_held(week, "starter", held)
    if deployment != "classroom" and grading_out is not None:
        raise CourseError("--grading-out is for the classroom deployment only")
    fresh_folder(out, "the student repository")
    grading = None
    if deployment == "classroom":
        grading = grading_out or out.with_name(f"{out.name}-grading")
        fresh_folder(grading, "the grading repository")
    files, cited = student_repository(week, deployment, site_url, held)
    staff = grading_files(week) if grading else []
    if grading:
        write_tree(staff, grading)
    write_tree(files, out)
    exported = summary(week, deployment, (out, files), (grading, staff), site_url, cited)
    if held:
        note = (
            f"  held back: {', '.join(sorted(held))} still stubbed; export again without --hold "
            "once `course deadlines` says its last accepted work is in"
        )
        exported = replace(exported, lines=(exported.lines[0], note, *exported.lines[1:]))
    return exported
