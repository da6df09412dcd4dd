"""The site's Markdown extension: lists render as they do on GitHub, where the lessons are
written and read too.

Python-Markdown, under mkdocs, differs from GitHub (CommonMark) in two ways that the sources
meet all the time:

- a list needs a blank line before it, so "**Behavior:**" with numbered steps on the next
  lines, or a "**Say:**" list, became one run-on paragraph;
- what belongs to a list item must be indented by four spaces, so a nested list indented by
  two (under "- ") or a code block indented by three (under "1. ") fell out of its item,
  flattening the nesting and restarting the numbering after each code block.

`GitHubLists` (in mkdocs.yml as `course.site.markdown_lists`) fixes both where Markdown is
read, so every page gets it, whichever folder it is pulled from: a preprocessor moves what an
item holds to Python-Markdown's four-space columns, keeping CommonMark's idea of what it holds;
two block processors let a list start right after a line of text (a bullet, or an item
numbered 1, as in CommonMark: "2026. Then..." on a wrapped line stays text) and a list item
follow an item's indented paragraph.
"""

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.preprocessors import Preprocessor

TAB = 4  # Python-Markdown's indentation of an item's content (its `tab_length`)

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})")
_MARKER = re.compile(
    r"^(?P<indent> *)(?P<marker>[*+-]|(?P<number>\d{1,9})\.)(?P<gap> *)(?P<rest>.*)$"
)
_RULE = re.compile(r"^ *([-*_])( *\1){2,} *$")
# Lines that end a paragraph (no lazy continuation): headings, quotes, HTML, admonitions,
# collapsible blocks and content tabs.
_BLOCK_START = re.compile(r"^ *(#{1,6}( |$)|>|<|(!!!|\?\?\?\+?|===\+?) )")
_CONTAINER = re.compile(r"^ *(!!!|\?\?\?\+?|===\+?) ")


@dataclass(frozen=True)
class _Level:
    """An open list item (or admonition): where its content starts, in the source and in the
    output, the column of its marker and its kind ("." or the bullet; None for an
    admonition)."""

    source: int
    output: int
    marker: int | None = None
    kind: str | None = None


_TOP = _Level(0, 0)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shift(line: str, by: int) -> str:
    if by >= 0:
        return " " * by + line if line.strip() else line
    return line[min(-by, _indent(line)) :]


def _kind(marker: re.Match[str]) -> str:
    """What a following item needs to be in the same list: "." for numbered, else the bullet."""
    return "." if marker["number"] else marker["marker"]


def _closing_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def github_indentation(lines: list[str]) -> list[str]:
    """The lines with every list item's content moved to Python-Markdown's columns.

    Which lines belong to which item is decided as CommonMark does: a line belongs to an
    open item when it is indented to the item's content (the column after its marker), or
    when it continues the item's paragraph; a blank line is kept as it is.
    """
    output: list[str] = []
    levels: list[_Level] = []
    fence: tuple[str, int] | None = None  # an open code fence and how far it moves
    paragraph = False  # the line before continues a paragraph, so this one may be lazy
    for line in lines:
        if fence is not None:
            output.append(_shift(line, fence[1]))
            if _closing_fence(line, fence[0]):
                fence, paragraph = None, False
            continue
        if not line.strip():
            output.append(line)
            paragraph = False
            continue
        column = _indent(line)
        kept = len(levels)
        while kept and column < levels[kept - 1].source:
            kept -= 1
        closed, base = levels[kept:], (levels[kept - 1] if kept else _TOP)
        marker = None if _RULE.match(line) else _MARKER.match(line)
        if marker and (column >= base.source + TAB or (marker["rest"] and not marker["gap"])):
            marker = None  # indented code, a continued line, or "-word" / "1.5"
        if marker and paragraph:
            sibling = any(
                level.kind == _kind(marker) and level.marker is not None and level.marker <= column
                for level in closed
            )
            starts_list = marker["number"] in (None, "1") and marker["rest"]
            if not (sibling or starts_list):
                marker = None  # CommonMark: only these may interrupt a paragraph
        block_start = bool(marker or _FENCE.match(line) or _BLOCK_START.match(line))
        if not marker and paragraph:
            # A wrapped line that starts like "409. " is text: escaped, or Python-Markdown
            # would take it for an item when it is inside a list.
            line = re.sub(r"^( *\d{1,9})\.(?= )", r"\1\\.", line)
        if paragraph and closed and not block_start:
            output.append(line)  # a lazy continuation of the open item's paragraph
            continue
        del levels[kept:]
        at = base.output + column - base.source
        if marker:
            gap = marker["gap"] if marker["rest"] and len(marker["gap"]) <= TAB else " "
            content = column + len(marker["marker"]) + len(gap)
            output.append(" " * base.output + marker["marker"] + marker["gap"] + marker["rest"])
            levels.append(_Level(content, base.output + TAB, column, _kind(marker)))
            paragraph = bool(marker["rest"])
            continue
        output.append(_shift(line, at - column))
        if opened := _FENCE.match(line):
            fence, paragraph = (opened["fence"], at - column), False
        elif _CONTAINER.match(line):
            levels.append(_Level(column + TAB, at + TAB))
            paragraph = False
        else:
            code = not paragraph and column >= base.source + TAB
            paragraph = not (code or _RULE.match(line) or _BLOCK_START.match(line))
    return output


class GitHubIndentation(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return github_indentation(lines)


# A list item that may start right after a line of text (CommonMark's rule, see above).
_LIST_AFTER_TEXT = re.compile(r"^ {0,3}(?:[*+-]|1\.) +\S")
# Any list item that is not indented as an item's content.
_LIST_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d{1,9}\.)(?: +\S| *$)")


def _first_line(block: str, pattern: re.Pattern[str]) -> int | None:
    """The index of the first line after the first one that matches `pattern`."""
    lines = block.split("\n")
    return next((i for i, line in enumerate(lines) if i and pattern.match(line)), None)


class _Split(BlockProcessor):
    """Splits a block in two at the line where a list starts, so that the list processors
    see the list as a block of its own."""

    pattern: re.Pattern[str]

    def split_at(self, block: str) -> int | None:
        return _first_line(block, self.pattern)

    def test(self, parent: etree.Element, block: str) -> bool:
        return self.split_at(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        at = self.split_at(block)
        assert at is not None
        lines = block.split("\n")
        blocks[0:0] = ["\n".join(lines[:at]), "\n".join(lines[at:])]


class ListAfterText(_Split):
    """A paragraph's text, then a list. Runs just before the paragraph processor, on blocks no
    other processor took (lists, headings, tables, code and admonitions are taken first);
    inside an admonition, a quote or a list item it sees the content, so it works there too."""

    pattern = _LIST_AFTER_TEXT


class ItemAfterIndentedText(_Split):
    """An item's indented paragraph, then the next item of the list. Runs before the processor
    that would add the whole block, next item included, to the item before."""

    pattern = _LIST_ITEM

    def split_at(self, block: str) -> int | None:
        return super().split_at(block) if block.startswith(" " * TAB) else None


class GitHubLists(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before code fences are put aside (25).
        md.preprocessors.register(GitHubIndentation(md), "github_indentation", 28)
        blocks = md.parser.blockprocessors
        # Before the indented content of a list item (90) and indented code (80) ...
        blocks.register(ItemAfterIndentedText(md.parser), "item_after_indented_text", 95)
        # ... and after the reference definitions (15), before the paragraph (10).
        blocks.register(ListAfterText(md.parser), "list_after_text", 12)


def makeExtension(**kwargs: object) -> GitHubLists:  # the name Python-Markdown looks for
    return GitHubLists(**kwargs)
