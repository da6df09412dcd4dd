"""Reference solutions on the site: what a homework's reference changes in its starter,
published from its release date on."""

import difflib
from pathlib import PurePosixPath

from course.site.dates import homework_label, short_date
from course.site.markdown import fenced, line_ranges
from course.site.plan import SitePlan, relative_link
from course.site.schedule import homework_name
from courseware.render import rendered_by_path
from courseware.term import HOMEWORK, Homework


def homework_changes(homework: Homework) -> dict[str, tuple[str, list[int]]]:
    """The files a homework's reference changes: {path: (reference text, changed lines)}."""
    starter = rendered_by_path(homework.week, "starter")
    reference = rendered_by_path(homework.week, "reference")
    changes = {}
    for path, content in sorted(reference.items()):
        if starter.get(path) == content:
            continue
        try:
            text = content.decode("utf-8")
            before = starter.get(path, b"").decode("utf-8").splitlines()
        except UnicodeDecodeError:
            continue
        after = text.splitlines()
        changed: list[int] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "insert"):
                changed.extend(range(j1 + 1, j2 + 1))
        changes[path] = (text, changed)
    return changes


_LANGUAGES = {".py": "python", ".sql": "sql", ".md": "markdown", ".toml": "toml"}


def solution_page(plan: SitePlan, homework: Homework) -> str:
    here = f"solutions/{homework.id}.md"
    changes = homework_changes(homework)
    page = plan.homework_page(homework.id)
    parts = [
        "---",
        f"title: {homework_label(homework)} solution",
        "---",
        "",
        f"# Reference solution: {homework_name(homework)}",
        "",
        f"Published {short_date(plan.releases[homework.id].date())}"  # type: ignore[union-attr]
        + (
            f". The homework: [{page.title}]({relative_link(page.src_uri, here)})." if page else "."
        ),
        "Highlighted lines are the ones the homework asked for; the rest is the starter you "
        "received. Compare them with your own: a different solution that meets every contract "
        "is just as right.",
        "",
    ]
    if not changes:
        parts.append("This homework changes no code.")
    for path, (text, changed) in changes.items():
        language = _LANGUAGES.get(PurePosixPath(path).suffix, "text")
        options = f' title="{path}"'
        if changed and len(changed) < len(text.splitlines()):
            options += f' hl_lines="{line_ranges(changed)}"'
        parts += [f"## `{path}`", "", fenced(text, language, options), ""]
    return "\n".join(parts)


def solutions_index_page(plan: SitePlan) -> str:
    here = "solutions/index.md"
    released = [h for h in HOMEWORK if plan.released_solution(h)]
    parts = [
        "---",
        "title: Reference solutions",
        "---",
        "",
        "# Reference solutions",
        "",
        "A homework's reference solution appears here on its release date, some days after "
        "the homework is due; the homework table lists the date of each.",
        "",
    ]
    parts += [
        f"- [{homework_name(h)}]({relative_link(f'solutions/{h.id}.md', here)})" for h in released
    ] or ["No solution is published yet."]
    return "\n".join(parts) + "\n"
