"""What `course export` tells the instructor: what it wrote where, what is missing from it,
and the next step of the deployment, so that nothing in the output is a guess."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from course.export.site_links import SitePage
from courseware.render import RenderedFile
from courseware.term import week_id

# What to do with the folders, per deployment (the steps are in autograder/DEPLOYMENTS.md).
NEXT_STEP = {
    "fork": (
        "Next: push it as the class repository (default branch main, protected) that students "
        "fork; autograder/DEPLOYMENTS.md, Deployment 1, has every step."
    ),
    "classroom": (
        "Next: push it as a template repository for GitHub Classroom, and the grading "
        "repository as a private one; autograder/DEPLOYMENTS.md, Deployment 2, has every step."
    ),
}


@dataclass(frozen=True)
class Exported:
    student: Path
    grading: Path | None  # the staff's grading repository (classroom deployment only)
    lines: tuple[str, ...]  # what was written, for the instructor to read
    warnings: tuple[str, ...]  # what the instructor should know is missing


def locked_packages(files: list[RenderedFile]) -> int:
    lock = next(item for item in files if item.relative == Path("uv.lock"))
    packages = tomllib.loads(lock.content.decode("utf-8")).get("package", [])
    return sum(1 for package in packages if "registry" in package.get("source", {}))


def summary(
    week: int,
    deployment: str,
    student: tuple[Path, list[RenderedFile]],
    grading: tuple[Path | None, list[RenderedFile]],
    site_url: str | None,
    cited: list[SitePage],
) -> Exported:
    """The report of one export: `student` and `grading` are (folder, files written)."""
    out, files = student
    workflows = ", ".join(
        item.relative.name for item in files if item.relative.parts[:2] == (".github", "workflows")
    )
    names = sorted({page.title for page in cited})
    if site_url:
        links = f"links to {len(names)} course page(s) on {site_url}" if names else "no links"
    else:
        links = f"names {len(names)} course page(s) without links" if names else "no links"
    lines = [
        f"{week_id(week)} ({deployment} deployment): {len(files)} files -> {out}",
        f"  README.md: the homework, how to start and hand it in; {links}",
        "  PLAN.md: the term, for students",
        f"  pyproject.toml and uv.lock: {locked_packages(files)} packages, the versions of "
        "this repository's uv.lock",
        f"  .devcontainer/devcontainer.json; .github/workflows/: {workflows}",
    ]
    grading_out, staff = grading
    if grading_out is not None:
        lines.append(f"the staff's grading repository: {len(staff)} files -> {grading_out}")
    lines.append(NEXT_STEP[deployment])
    warnings = []
    if not site_url:
        named = f" ({', '.join(names)})" if names else ""
        warnings.append(
            "no --site-url and no $COURSE_SITE_URL: the README names the course website and its "
            f"pages{named} without links; export again with the site's address to link them"
        )
    return Exported(out, grading_out, tuple(lines), tuple(warnings))
