"""The student repository's pyproject.toml: its direct dependencies are pinned by `render`;
here everything they pull in is pinned too, as uv constraints."""

from courseware.lock import locked_closure, project_requirements, requirement_parts


def with_constraints(pyproject_text: str) -> str:
    """The starter's pyproject.toml, plus uv constraints that pin every package its
    dependencies pull in (the direct ones are pinned already)."""
    requirements = project_requirements(pyproject_text)
    closure = locked_closure(requirements)
    direct = {requirement_parts(requirement)[0] for requirement in requirements}
    lines = [f'    "{name}=={version}",' for name, version in closure.items() if name not in direct]
    block = (
        "# Everything the dependencies above pull in, at the versions the course was tested with.\n"
        "constraint-dependencies = [\n" + "\n".join(lines) + "\n]\n"
    )
    if "\n[tool.uv]\n" not in pyproject_text:
        return pyproject_text.rstrip("\n") + "\n\n[tool.uv]\n" + block
    head, tail = pyproject_text.split("\n[tool.uv]\n", 1)
    return f"{head}\n[tool.uv]\n{block}{tail}"
