"""Small pieces of Markdown that generated pages share."""

import html
import re


def table_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def fenced(text: str, language: str, options: str = "") -> str:
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{language}{options}\n{text.rstrip()}\n{fence}"


def line_ranges(lines: list[int]) -> str:
    ranges: list[str] = []
    for line in lines:
        if ranges and "-" not in ranges[-1] and int(ranges[-1]) == line - 1:
            ranges[-1] = f"{ranges[-1]}-{line}"
        elif ranges and "-" in ranges[-1] and int(ranges[-1].split("-")[1]) == line - 1:
            ranges[-1] = f"{ranges[-1].split('-')[0]}-{line}"
        else:
            ranges.append(str(line))
    return " ".join(ranges)


def inline(text: str) -> str:
    """Markdown-ish inline text for a raw HTML line: code spans and bold only."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", escaped)
