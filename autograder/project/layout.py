"""What a team project is made of, found the way a newcomer to its repository would.

- The package: the one top-level folder with an `__init__.py` and a `main.py` (tests,
  migrations and hidden folders are not candidates).
- The app: `<package>.main:app`, unless the project's `pyproject.toml` says otherwise in
  `[tool.course] app = "package.module:attribute"`.
- The migrations: `alembic.ini` at the root, or `[tool.course] alembic = "path/alembic.ini"`.
- The commands: the run and test commands of the README's code blocks (`readme`).

Whatever is missing is recorded as a problem for the rows that need it, each saying what to
add; only a folder that is no project at all (no `pyproject.toml`) is refused.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from autograder.project.readme import ReadmeCommands, readme_commands
from autograder.spec import APP_PATH
from courseware.errors import CourseError

NOT_PACKAGES = {"tests", "test", "migrations", "alembic", "docs", "scripts"}
ALEMBIC_INI = "alembic.ini"
SETTINGS = "[tool.course]"


@dataclass(frozen=True)
class ProjectLayout:
    root: Path
    package: str | None
    app: str | None
    alembic_ini: str | None  # relative to the root
    commands: ReadmeCommands
    # What is missing, by the piece it concerns ("app", "alembic"): a sentence saying what to add.
    problems: dict[str, str] = field(default_factory=dict)


def project_settings(root: Path) -> dict:
    """The project's `[tool.course]` table ({} when it has none)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise CourseError(
            f"{root} is not a project: it has no pyproject.toml (a uv project starts with "
            "`uv init`); give the folder of the team's repository"
        )
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8", errors="replace"))
    except tomllib.TOMLDecodeError as error:
        raise CourseError(f"{pyproject} is not valid TOML ({error}); fix it first") from None
    settings = data.get("tool", {}).get("course", {})
    return settings if isinstance(settings, dict) else {}


def candidate_packages(root: Path) -> list[str]:
    return sorted(
        folder.name
        for folder in root.iterdir()
        if folder.is_dir()
        and not folder.is_symlink()
        and folder.name not in NOT_PACKAGES
        and not folder.name.startswith((".", "_"))
        and (folder / "__init__.py").is_file()
        and (folder / "main.py").is_file()
    )


def find_app(root: Path, settings: dict) -> tuple[str | None, str | None, str]:
    """(package, app, problem): the app uvicorn serves, or why none was found."""
    named = settings.get("app")
    if named is not None:
        if not isinstance(named, str) or not APP_PATH.fullmatch(named):
            return (
                None,
                None,
                (
                    f"{SETTINGS} app = {named!r} in pyproject.toml is not an import path: write "
                    'app = "package.module:attribute", e.g. "myapp.main:app"'
                ),
            )
        return named.split(".")[0].split(":")[0], named, ""
    packages = candidate_packages(root)
    if len(packages) == 1:
        return packages[0], f"{packages[0]}.main:app", ""
    if not packages:
        return (
            None,
            None,
            (
                "no package with a main.py found: put the app in <package>/main.py "
                "(`app = FastAPI()`), or name it in pyproject.toml with "
                f'{SETTINGS} app = "package.module:attribute"'
            ),
        )
    return (
        None,
        None,
        (
            f"several packages have a main.py ({', '.join(packages)}): say which app to serve in "
            f'pyproject.toml with {SETTINGS} app = "{packages[0]}.main:app"'
        ),
    )


def find_alembic(root: Path, settings: dict) -> tuple[str | None, str]:
    named = settings.get("alembic", ALEMBIC_INI)
    parts = named.split("/") if isinstance(named, str) else [""]
    if any(part in ("", ".", "..") for part in parts):
        return None, f"{SETTINGS} alembic = {named!r} is not a path inside the project"
    path = root / named
    if path.is_file() and not path.is_symlink():
        return named, ""
    if named != ALEMBIC_INI:
        return None, f"{SETTINGS} alembic names {named}, which is not in the repository"
    return None, (
        "no alembic.ini at the root: set up migrations with `alembic init migrations` (the "
        "tables come from migrations, as in week 12), or name its place in pyproject.toml "
        f'with {SETTINGS} alembic = "path/alembic.ini"'
    )


def project_layout(root: Path) -> ProjectLayout:
    """The layout of the project at `root` (a safe copy: plain files only)."""
    if not root.is_dir():
        raise CourseError(f"no project folder at {root}")
    settings = project_settings(root)
    package, app, app_problem = find_app(root, settings)
    alembic_ini, alembic_problem = find_alembic(root, settings)
    problems = {"app": app_problem, "alembic": alembic_problem}
    return ProjectLayout(
        root=root,
        package=package,
        app=app,
        alembic_ini=alembic_ini,
        commands=readme_commands(root),
        problems={piece: text for piece, text in problems.items() if text},
    )
