"""Week markers: one annotated source, rendered into the code of any week.

The reference app in `solutions/` is the final state. Comment lines mark what is different
in earlier weeks:

    # >>> from week 04         a region that appears in week 4 (absent before)
    # >>> homework hw03        a region that is hw03's answer: absent before hw03's week,
                               replaced by its `starter` part in that week's starter,
                               present in that week's reference and every later week
    # === before               what the region's place held in earlier weeks (optional)
    # === starter              the stub students get in the homework's week (homework only)
    # <<<                      closes the innermost region
    # >>> file from week 04    on the first line: the whole file appears in week 4
    # >>> file homework hw01   on the first line: the whole file is hw01's answer (absent
                               from that week's starter, present in its reference and later)

Lines of a `before` or `starter` part are commented out (one `# ` is removed when rendered),
so the source always runs as it stands. Regions nest inside a region's main part. SQL uses
`--` instead of `#`; Markdown uses `<!-- >>> ... -->` and leaves its parts uncommented.
"""

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Literal

from courseware.errors import CourseError
from courseware.term import WEEKS, homework

Mode = Literal["starter", "reference"]


@dataclass(frozen=True)
class CommentStyle:
    opener: str
    closer: str = ""
    # Whether the lines of `before` / `starter` parts are commented out in the source.
    parts_commented: bool = True


HASH = CommentStyle("#")
SQL = CommentStyle("--")
HTML = CommentStyle("<!--", "-->", parts_commented=False)

STYLE_BY_SUFFIX = {
    ".py": HASH, ".toml": HASH, ".cfg": HASH, ".ini": HASH, ".yml": HASH, ".yaml": HASH,
    ".sh": HASH, ".txt": HASH, ".gitignore": HASH, ".env": HASH, ".example": HASH,
    ".sql": SQL, ".mako": HASH, "Dockerfile": HASH, ".dockerignore": HASH,
    ".md": HTML, ".html": HTML,
}  # fmt: skip


def style_for(path: PurePath) -> CommentStyle | None:
    """The comment style of a file we render, or None for files copied byte for byte."""
    return STYLE_BY_SUFFIX.get(path.suffix or path.name)


@dataclass
class Region:
    line: int
    week: int
    homework_id: str | None
    main: list["Node"] = field(default_factory=list)
    before: list[str] | None = None
    starter: list[str] | None = None


Node = str | Region

_REGION_OPEN = re.compile(r"(file )?(?:from week (\d{1,2})|homework (\S+))")


class _Parser:
    def __init__(self, text: str, style: CommentStyle, where: str) -> None:
        self.style = style
        self.where = where
        closer = re.escape(style.closer) + r"\s*" if style.closer else ""
        self.marker = re.compile(
            rf"^\s*{re.escape(style.opener)}\s*(>>>|===|<<<)\s*(.*?)\s*{closer}$"
        )
        self.lines = text.splitlines()

    def fail(self, line: int, message: str) -> CourseError:
        return CourseError(f"{self.where}:{line}: {message}")

    def parse(self) -> tuple[int | None, str | None, list[Node]]:
        """Return (week, homework) of a whole-file marker, and the nodes of the file."""
        file_week = file_homework = None
        start = 0
        if self.lines:
            found = self.marker.match(self.lines[0])
            if found and found.group(1) == ">>>" and found.group(2).startswith("file "):
                file_week, file_homework = self._region_week(1, found.group(2))
                start = 1
        root: list[Node] = []
        stack: list[tuple[Region, str]] = []  # (region, part being read: main/before/starter)
        for number, line in enumerate(self.lines[start:], start=start + 1):
            found = self.marker.match(line)
            if found is None:
                self._append(stack, root, line, number)
                continue
            kind, argument = found.groups()
            if kind == ">>>":
                if stack and stack[-1][1] != "main":
                    raise self.fail(number, "a region cannot open inside a `before`/`starter` part")
                if argument.startswith("file "):
                    raise self.fail(number, "`>>> file ...` belongs on the first line only")
                week, homework_id = self._region_week(number, argument)
                region = Region(number, week, homework_id)
                self._append(stack, root, region, number)
                stack.append((region, "main"))
            elif kind == "===":
                if not stack:
                    raise self.fail(number, f"`=== {argument}` outside any region")
                region = stack[-1][0]
                if argument not in ("before", "starter"):
                    raise self.fail(number, f"unknown part `=== {argument}`: use before or starter")
                if argument == "starter" and region.homework_id is None:
                    raise self.fail(number, "only a `homework` region has a `starter` part")
                if getattr(region, argument) is not None:
                    raise self.fail(number, f"the region opened on line {region.line} already "
                                            f"has a `{argument}` part")  # fmt: skip
                setattr(region, argument, [])
                stack[-1] = (region, argument)
            else:
                if argument:
                    raise self.fail(number, f"`<<<` takes nothing after it, found {argument!r}")
                if not stack:
                    raise self.fail(number, "`<<<` closes no region")
                stack.pop()
        if stack:
            region = stack[-1][0]
            raise self.fail(region.line, "this region is never closed with `<<<`")
        return file_week, file_homework, root

    def _region_week(self, number: int, argument: str) -> tuple[int, str | None]:
        found = _REGION_OPEN.fullmatch(argument)
        if found is None:
            raise self.fail(
                number,
                f"cannot read marker `>>> {argument}`: write `from week NN` or `homework hwNN`",
            )
        _, week_text, homework_id = found.groups()
        if homework_id is not None:
            try:
                return homework(homework_id).week, homework_id
            except CourseError as error:
                raise self.fail(number, str(error)) from None
        week = int(week_text)
        if week not in WEEKS:
            raise self.fail(number, f"week {week} is outside the term (1-15)")
        return week, None

    def _append(
        self, stack: list[tuple[Region, str]], root: list[Node], node: Node, number: int
    ) -> None:
        if not stack:
            root.append(node)
            return
        region, part = stack[-1]
        if part == "main":
            region.main.append(node)
            return
        assert isinstance(node, str)
        getattr(region, part).append(self._uncomment(node, number))

    def _uncomment(self, line: str, number: int) -> str:
        if not self.style.parts_commented or not line.strip():
            return line
        indent = line[: len(line) - len(line.lstrip())]
        rest = line.lstrip()
        if not rest.startswith(self.style.opener):
            raise self.fail(
                number,
                f"lines of a `before`/`starter` part must be commented out with "
                f"`{self.style.opener} ` so the source still runs",
            )
        rest = rest.removeprefix(self.style.opener)
        return indent + rest.removeprefix(" ")


def _render_nodes(
    nodes: list[Node], week: int, mode: Mode, held: frozenset[str] = frozenset()
) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        if week < node.week:
            out.extend(node.before or [])
        elif mode == "starter" and node.homework_id is not None and (
            week == node.week or node.homework_id in held
        ):
            starter = node.starter if node.starter is not None else node.before
            out.extend(starter or [])
        else:
            out.extend(_render_nodes(node.main, week, mode, held))
    return out


def _tidy(lines: list[str]) -> str:
    """Drop the extra blank lines that removed regions leave behind."""
    tidy: list[str] = []
    blanks = 0
    for line in lines:
        blanks = blanks + 1 if not line.strip() else 0
        if blanks <= 2:
            tidy.append(line.rstrip())
    while tidy and not tidy[-1]:
        tidy.pop()
    return "\n".join(tidy) + "\n" if tidy else ""


def render_text(
    text: str,
    style: CommentStyle,
    week: int,
    mode: Mode,
    where: str,
    held: frozenset[str] = frozenset(),
) -> str | None:
    """The file as it looks in `week`; None when the file does not exist that week (a file
    that renders empty does not exist either).

    `held` homework (of earlier weeks) stays as its starter had it: a later week's starter
    can be published before every late submission of that homework is in.
    """
    file_week, file_homework, nodes = _Parser(text, style, where).parse()
    if file_week is not None and week < file_week:
        return None
    held_file = week == file_week or file_homework in held
    if file_homework is not None and mode == "starter" and held_file:
        return None
    return _tidy(_render_nodes(nodes, week, mode, held)) or None
