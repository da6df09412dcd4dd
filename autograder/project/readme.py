"""The two commands a team's README promises: how to run the app and how to run its tests.

They are found in the README's code blocks, as the course's own READMEs write them
(`uv run python -m conduit`, `uv run pytest`): the first line that starts the app, the
first that runs pytest. A line that sets variables, chains commands or pipes them is an
example of something else and is passed over. The checks run each command in the course's
environment, never through uv itself (which would try to download packages): `uv run X` is
run as the environment's `X`, so `uv run pytest` is `python -m pytest`.
"""

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

README_NAMES = ("README.md", "readme.md", "README.MD", "Readme.md")
READ_CHARS = 100_000
FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+-]*)")
SHELL_LANGUAGES = {"", "bash", "sh", "shell", "console", "zsh", "text"}
SHELL_OPERATORS = {"&&", "||", "|", ";", ">", ">>", "<", "&"}
# Modules the course's environment serves as commands: `uv run uvicorn ...`.
COMMAND_MODULES = {"pytest", "uvicorn", "fastapi"}
INTERPRETERS = {"python", "python3"}


@dataclass(frozen=True)
class Command:
    written: str  # the line as the README has it
    arguments: tuple[str, ...]  # what the environment's python is given: ("-m", "conduit")

    @property
    def shown(self) -> str:
        return "python " + shlex.join(self.arguments)


@dataclass(frozen=True)
class ReadmeCommands:
    readme: str | None  # its file name, None when the project has none
    run: Command | None
    test: Command | None


def readme_path(root: Path) -> Path | None:
    for name in README_NAMES:
        path = root / name
        if path.is_file() and not path.is_symlink():
            return path
    return None


def code_lines(text: str) -> list[str]:
    """The lines of the README's shell code blocks, prompts (`$ `) taken off."""
    lines: list[str] = []
    fence: str | None = None
    shell = False
    for line in text.splitlines():
        found = FENCE.match(line)
        if fence is None and found:
            fence, shell = found.group(1), found.group(2).lower() in SHELL_LANGUAGES
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is not None and shell:
            lines.append(line.strip().removeprefix("$ "))
    return lines


def as_command(line: str) -> tuple[str, Command] | None:
    """("run" or "test", the command) for a line that starts the app or its tests."""
    try:
        words = shlex.split(line, comments=True)
    except ValueError:
        return None
    if not words or "=" in words[0] or SHELL_OPERATORS & set(words):
        return None
    if words[:2] == ["uv", "run"]:
        words = words[2:]
        if not words or words[0].startswith("-"):
            return None  # uv's own options (`--with`) would need the network
    if words[0] in INTERPRETERS:
        arguments = tuple(words[1:])
    elif words[0] in COMMAND_MODULES:
        arguments = ("-m", *words)
    else:
        return None
    if arguments[:1] != ("-m",) or len(arguments) < 2:
        return None
    module = arguments[1]
    if module == "pytest":
        return "test", Command(line, arguments)
    if module in ("pip", "alembic", "venv", "http.server"):
        return None
    return "run", Command(line, arguments)


def readme_commands(root: Path) -> ReadmeCommands:
    path = readme_path(root)
    if path is None:
        return ReadmeCommands(None, None, None)
    text = path.read_text(encoding="utf-8", errors="replace")[:READ_CHARS]
    found: dict[str, Command] = {}
    for line in code_lines(text):
        if (command := as_command(line)) and command[0] not in found:
            found[command[0]] = command[1]
    return ReadmeCommands(path.name, found.get("run"), found.get("test"))
