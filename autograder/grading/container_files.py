"""A submission's container files, read as the untrusted text they are (HW12).

No image is ever built (no registry is reachable from the grader), so the container check
(`container_check.py`) judges the files themselves. This module reads them: each one a regular
file opened without following a link, cut at a size no honest file reaches, and parsed by
tolerant readers of our own. A Dockerfile becomes its stages of instructions, continuation
lines joined, comments dropped, exec and shell forms told apart; `.dockerignore` answers
whether a path stays out of the build context, with Docker's rules (the last matching line
wins, `!` excepts).
"""

import errno
import json
import os
import posixpath
import re
import shlex
import stat
from dataclasses import dataclass, field
from pathlib import Path

# A Dockerfile or compose.yaml is a few kilobytes; past this it is not one.
MAX_FILE_BYTES = 256 * 1024
INSTRUCTIONS = frozenset(
    [
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    ]
)
VARIABLE = re.compile(r"\$\{(\w+)(?:(:?[-+?])([^}]*))?\}|\$(\w+)")
HEREDOC = re.compile(r"<<-?[\"']?(\w+)[\"']?")


class Unreadable(Exception):
    """A container file that cannot be judged; the message says why, for the student."""


def read_text(root: Path, name: str) -> str | None:
    """The text of `root/name`, or None when there is no such file.

    Opened with O_NOFOLLOW and O_NONBLOCK, so a link (to the hidden tests, to /etc) is refused
    and a pipe cannot hang the grader; its size is checked on the open file."""
    try:
        descriptor = os.open(root / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unreadable(
                f"{name} is a symbolic link, which the grader never follows: commit the file itself"
            ) from None
        raise Unreadable(f"{name} could not be opened ({error.strerror})") from None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise Unreadable(f"{name} is not a regular file: commit it as a plain text file")
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(
            f"{name} is larger than {MAX_FILE_BYTES // 1024} KiB, far more than such a file "
            "needs: the grader does not read it"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"{name} is not UTF-8 text") from None


def substitute(text: str, values: dict[str, str]) -> str:
    """`$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+word}` as Docker and compose expand
    them from `values`; a variable with no value and no default is left as written."""

    def expand(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(4)
        operator, word = match.group(2), match.group(3) or ""
        value = values.get(name)
        if operator and operator.endswith("-"):
            return value if value else word
        if operator and operator.endswith("+"):
            return word if value else ""
        return value if value is not None else match.group(0)

    return VARIABLE.sub(expand, text)


@dataclass(frozen=True)
class Instruction:
    line: int  # where it starts in the file
    keyword: str  # upper case: RUN, COPY, ...
    arguments: str  # everything after the keyword, continuation lines joined

    @property
    def text(self) -> str:
        """The instruction as a student recognises it in a message, cut to one line."""
        joined = " ".join(f"{self.keyword} {self.arguments}".split())
        return joined if len(joined) <= 120 else joined[:119] + "…"

    @property
    def exec_form(self) -> list[str] | None:
        """`["uvicorn", "..."]` as its list of arguments; None for the shell form."""
        if not self.arguments.lstrip().startswith("["):
            return None
        try:
            value = json.loads(self.arguments)
        except ValueError:
            return None  # Docker runs a broken JSON array as a shell command too
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        return None

    def words(self) -> list[str]:
        """The arguments split as a shell would, flags included; [] if they do not split."""
        form = self.exec_form
        if form is not None:
            return form
        try:
            return shlex.split(self.arguments)
        except ValueError:
            return self.arguments.split()


@dataclass(eq=False)  # two stages alike are still two stages
class Stage:
    image: str  # what FROM names, with the global ARG defaults filled in
    name: str  # its `AS` name, lower case ("" if none)
    start: Instruction  # its FROM line
    instructions: list[Instruction] = field(default_factory=list)

    def values(self) -> dict[str, str]:
        """The defaults its ARG and ENV lines give, for reading a `$NAME` of the stage."""
        found: dict[str, str] = {}
        for instruction in self.instructions:
            if instruction.keyword in ("ARG", "ENV"):
                found.update(assignments(instruction))
        return found


@dataclass
class Dockerfile:
    stages: list[Stage]
    global_args: list[Instruction]  # the ARG lines before the first FROM

    def stage_named(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name and s.name == name.lower()), None)

    def lineage(self) -> list[Stage]:
        """The final stage, then the stage it is built FROM, and so on: what the image
        inherits (USER, HEALTHCHECK, CMD) comes from the first of them that sets it."""
        return self.lineage_of(self.stages[-1])

    def lineage_of(self, stage: Stage) -> list[Stage]:
        chain = [stage]
        parent = self.stage_named(stage.image)
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.stage_named(parent.image)
        return chain

    def feeding(self) -> list[Stage]:
        """Every stage the final image takes something from (FROM or COPY --from), in
        file order: where its dependencies may have been installed."""
        wanted = self.lineage()
        for stage in wanted:  # grows as it goes: the stages those stages copy from
            for instruction in stage.instructions:
                source = self.stage_named(copy_source_stage(instruction))
                if source is not None and source not in wanted:
                    wanted += [s for s in self.lineage_of(source) if s not in wanted]
        return [stage for stage in self.stages if stage in wanted]

    def last(self, keyword: str) -> Instruction | None:
        """The instruction that holds for the image: the last `keyword` of its lineage."""
        for stage in self.lineage():
            found = [i for i in stage.instructions if i.keyword == keyword]
            if found:
                return found[-1]
        return None


class DockerfileError(Exception):
    """A Dockerfile Docker itself would refuse; the message names the line."""


def parse_dockerfile(text: str) -> Dockerfile:
    instructions = list(logical_lines(text))
    stages: list[Stage] = []
    global_args: list[Instruction] = []
    for instruction in instructions:
        if instruction.keyword == "FROM":
            values = {}
            for arg in global_args:
                values.update(assignments(arg))
            words = [w for w in instruction.arguments.split() if not w.startswith("--")]
            if not words:
                raise DockerfileError(f"line {instruction.line}: FROM names no image")
            name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else ""
            stages.append(Stage(substitute(words[0], values), name, instruction))
        elif stages:
            stages[-1].instructions.append(instruction)
        elif instruction.keyword == "ARG":
            global_args.append(instruction)
        else:
            raise DockerfileError(
                f"line {instruction.line}: {instruction.keyword} before the first FROM "
                "(only ARG may come before it)"
            )
    if not stages:
        raise DockerfileError("it has no FROM line")
    return Dockerfile(stages, global_args)


def logical_lines(text: str) -> list[Instruction]:
    """Instructions with their `\\` continuations joined and comment lines dropped (inside a
    continuation too, as Docker does); a heredoc's body is kept with its instruction."""
    lines = text.splitlines()
    found: list[Instruction] = []
    index = 0
    while index < len(lines):
        start = index
        raw = lines[index].strip()
        index += 1
        if not raw or raw.startswith("#"):
            continue
        parts = []
        while raw.endswith("\\"):
            parts.append(raw[:-1])
            raw = ""
            while index < len(lines):
                raw = lines[index].strip()
                index += 1
                if raw and not raw.startswith("#"):
                    break
                raw = ""
        parts.append(raw)
        joined = " ".join(part.strip() for part in parts if part.strip())
        keyword, _, arguments = joined.partition(" ")
        keyword = keyword.upper()
        if keyword not in INSTRUCTIONS:
            raise DockerfileError(f"line {start + 1}: `{keyword}` is no Dockerfile instruction")
        heredoc = HEREDOC.search(arguments) if keyword in ("RUN", "COPY", "ADD") else None
        if heredoc:
            body = []
            while index < len(lines) and lines[index].strip() != heredoc.group(1):
                body.append(lines[index])
                index += 1
            index += 1
            arguments = arguments + "\n" + "\n".join(body)
        found.append(Instruction(start + 1, keyword, arguments.strip()))
    return found


def assignments(instruction: Instruction) -> dict[str, str]:
    """The names an ENV or ARG line sets, with their values ("" for an ARG with none):
    `ENV A=1 B="two"`, the older `ENV A 1`, `ARG A`, `ARG A=1`."""
    words = instruction.words()
    if not words:
        return {}
    if instruction.keyword == "ENV" and "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}
    found = {}
    for word in words:
        name, _, value = word.partition("=")
        if name:
            found[name] = value
    return found


def copy_source_stage(instruction: Instruction) -> str:
    """The stage (or image) a `COPY --from=...` copies from; "" for any other line."""
    if instruction.keyword != "COPY":
        return ""
    for word in instruction.arguments.split():
        if word.startswith("--from="):
            return word.removeprefix("--from=")
    return ""


def copy_sources(instruction: Instruction) -> list[str]:
    """What a COPY or ADD of the build context copies (its sources, flags left out)."""
    words = [w for w in instruction.words() if not w.startswith("--")]
    return words[:-1]


class DockerIgnore:
    """`.dockerignore`: which paths of the build context stay out of the image."""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[bool, re.Pattern[str]]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            excepted = line.startswith("!")
            pattern = posixpath.normpath(line.removeprefix("!").strip()).lstrip("/")
            if pattern and pattern != ".":
                self.rules.append((excepted, pattern_regex(pattern)))

    def ignores(self, path: str) -> bool:
        ignored = False
        for excepted, regex in self.rules:
            if regex.match(path):
                ignored = not excepted
        return ignored


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regular expression: `*` and `?` within one folder, `**`
    across folders, `[...]` a class; a pattern that names a folder also covers its files."""
    out, index = "", 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**", index):
            index += 2
            if pattern.startswith("/", index):
                index += 1
                out += "(?:.*/)?"
            else:
                out += ".*"
            continue
        if char == "*":
            out += "[^/]*"
        elif char == "?":
            out += "[^/]"
        elif char == "[" and "]" in pattern[index + 1 :]:
            end = pattern.index("]", index + 1)
            members = pattern[index + 1 : end]
            negated = members.startswith(("^", "!"))
            members = re.escape(members[1:] if negated else members).replace("\\-", "-")
            out += f"[{'^' if negated else ''}{members}]"
            index = end
        elif char == "\\" and index + 1 < len(pattern):
            index += 1
            out += re.escape(pattern[index])
        else:
            out += re.escape(char)
        index += 1
    return re.compile(out + r"(?:/.*)?\Z")
