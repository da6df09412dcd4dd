"""The check of a built site's HTML: what a reader would see as a defect of the page, not of
its content. The build fails on any (like the leak check), and `course site check-html`
runs it on a built folder.

It looks for
- run-on lists: a list that Markdown did not see, left as lines of one paragraph;
- titles that repeat their own prefix ("Capstone: Capstone: ..."), where two pieces of code
  each add a label;
- text diagrams and Mermaid lines too long for the content column. Code wraps there (see the
  site's stylesheet) and a text diagram is shrunk to fit it; past `LONGEST_DIAGRAM_LINE`
  characters it would be shrunk below two thirds of the size of code. How wide a drawn
  diagram really is only a browser knows: tests/course/site/test_browser.py measures it.
"""

import html
import re
from dataclasses import dataclass
from pathlib import Path

# At the site's widest, about 80 characters of code fit the column.
LONGEST_DIAGRAM_LINE = 120


@dataclass(frozen=True)
class Finding:
    page: str  # the file in the built site
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.page}: {self.what}. Fix: {self.fix}"


_TAG = re.compile(r"<[^>]+>")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
# A line of a paragraph that starts like a list item: "1. ", "- ", "* ", "+ " (a number
# of at most two digits: "2026. Then..." or "404. Nothing" are sentences).
_ITEM_LINE = re.compile(r"\n[ \t]*(?:[1-9]\d?\.|[-*+])[ \t]+\S")
# "**Behavior:** 1. The token ... 2. The body ...", a numbered list on one line.
_INLINE_STEPS = re.compile(r"^\s*<strong>[^<]*</strong>\s*1\.\s.*?\s2\.\s", re.DOTALL)
_TITLED = re.compile(
    r"<(?P<tag>title|h[1-6]|a|li|td|th|dt|strong)\b[^>]*>(?P<text>.*?)</(?P=tag)>", re.DOTALL
)
# "Capstone: Capstone a...", at the start; "Due: Capstone: Capstone: a...", anywhere.
_REPEATED_PREFIX = re.compile(
    r"^(?P<prefix>[^\s:][^:]{0,60}?):\s+(?P=prefix)\b"
    r"|(?<![\w-])(?P<label>[A-Z][\w-]*(?: [\w-]+){0,3}):\s+(?P=label):"
)
_PRE = re.compile(r"<pre\b(?P<attributes>[^>]*)>(?P<body>.*?)</pre>", re.DOTALL)
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")


def text_of(fragment: str) -> str:
    """An HTML fragment as a reader sees it: tags removed, entities decoded, lines kept."""
    return html.unescape(_TAG.sub("", fragment))


def _snippet(text: str) -> str:
    return " ".join(text.split())[:100]


def run_on_lists(page: str, document: str) -> list[Finding]:
    findings = []
    for paragraph in _PARAGRAPH.finditer(document):
        inner = paragraph.group(1)
        text = text_of(inner)
        if _ITEM_LINE.search(text) or _INLINE_STEPS.match(inner):
            findings.append(
                Finding(
                    page,
                    f"a list is run into a paragraph: {_snippet(text)!r}",
                    "in the page's source, start the list with '- ' or '1. ' (a list may "
                    "follow a line of text directly, see course/site/markdown_lists.py) or put "
                    "a blank line before it; a wrapped line that starts with a number and a "
                    "dot reads as a list item, so rewrap it",
                )
            )
    return findings


def repeated_titles(page: str, document: str) -> list[Finding]:
    findings = []
    seen: set[str] = set()
    for titled in _TITLED.finditer(document):
        text = " ".join(text_of(titled["text"]).replace("¶", "").split())
        repeated = _REPEATED_PREFIX.search(text)
        if repeated and text not in seen:
            seen.add(text)
            findings.append(
                Finding(
                    page,
                    f"the {titled['tag']} {text[:100]!r} repeats its prefix "
                    f"{repeated['prefix'] or repeated['label']!r}",
                    "say the prefix once: drop it from the title, or from the code that adds "
                    "it to every title (for homework: homework_name in course/site/schedule.py)",
                )
            )
    return findings


def wide_diagrams(page: str, document: str) -> list[Finding]:
    findings = []
    for block in _PRE.finditer(document):
        mermaid = "mermaid" in block["attributes"]
        lines = text_of(block["body"]).splitlines()
        if mermaid:
            lines = [line for line in lines if not line.lstrip().startswith("%%")]
        else:
            lines = [line for line in lines if _BOX_DRAWING.search(line)]
        longest = max(lines, key=len, default="")
        if len(longest) > LONGEST_DIAGRAM_LINE:
            kind = "Mermaid diagram" if mermaid else "text diagram"
            findings.append(
                Finding(
                    page,
                    f"a {kind} has a line of {len(longest)} characters, wider than the "
                    f"content column: {_snippet(longest)!r}",
                    f"keep its lines to {LONGEST_DIAGRAM_LINE} characters (shorter labels, "
                    "or split the diagram in two)",
                )
            )
    return findings


def check_page(page: str, document: str) -> list[Finding]:
    """The findings of one built page (`page` names it in the findings)."""
    return [
        *run_on_lists(page, document),
        *repeated_titles(page, document),
        *wide_diagrams(page, document),
    ]


def check_site(site_dir: Path) -> list[Finding]:
    """The findings of every HTML page of a built site."""
    findings = []
    for path in sorted(site_dir.rglob("*.html")):
        document = path.read_text(encoding="utf-8", errors="replace")
        findings += check_page(path.relative_to(site_dir).as_posix(), document)
    return findings
