"""Lists render as they are written, and as GitHub (CommonMark) renders the same source."""

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from courseware.paths import REPO_ROOT


@pytest.fixture(scope="module")
def site_markdown() -> markdown.Markdown:
    """Markdown with exactly the extensions and settings of the site's mkdocs.yml."""
    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )


def render(site_markdown: markdown.Markdown, text: str) -> str:
    site_markdown.reset()
    return site_markdown.convert(text)


class ListShape(HTMLParser):
    """The lists of a page as lines: each list and item, indented by its depth, an item with
    the first words of its text (code blocks left out, and what other extensions make of the
    words: task boxes, icons, permalinks, keys)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.lines: list[str] = []
        self.text = ""
        self.in_code = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_code += tag == "pre"
        if tag in ("ol", "ul", "li"):
            self.flush()
            self.lines.append("  " * self.depth + tag)
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        self.in_code -= tag == "pre"
        if tag in ("ol", "ul", "li"):
            self.flush()
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_code:
            self.text += data

    def flush(self) -> None:
        # A task list's box is a checkbox on the site and "[ ]" text in plain CommonMark.
        text = re.sub(r"^\s*\[[ xX]\]|:[a-z0-9-]+:", "", self.text).replace("\u00b6", "")
        words = " ".join(text.split()[:3])
        if words and self.lines and self.lines[-1].endswith("li"):
            self.lines[-1] += " " + words
        self.text = ""


def list_shape(html: str) -> list[str]:
    parser = ListShape()
    parser.feed(html)
    parser.flush()
    return parser.lines


def test_a_list_right_after_a_line_of_text_is_a_list(site_markdown):
    html = render(
        site_markdown,
        "**Behavior:**\n1. The token is checked.\n2. The body is validated.\n\n"
        '**Say:**\n- "First."\n- "Second,\n  wrapped."\n\n'
        '!!! note "In an admonition"\n    Steps:\n    - one\n    - two\n\n'
        "> Quoted:\n> - one\n",
    )
    assert "<p><strong>Behavior:</strong></p>\n<ol>" in html
    assert list_shape(html) == [
        "ol",
        "  li The token is",
        "  li The body is",
        "ul",
        '  li "First."',
        '  li "Second, wrapped."',
        "ul",
        "  li one",
        "  li two",
        "ul",
        "  li one",
    ]


def test_a_wrapped_line_that_starts_with_a_number_stays_text(site_markdown):
    html = render(
        site_markdown,
        "The course was first taught in\n2026. Then it grew.\n\n"
        "- **Card 7**, a course code with spaces: it clashes with\n"
        "  409. Normalising input shows the conflict.\n"
        "- **Card 8**\n",
    )
    assert "<p>The course was first taught in\n2026. Then it grew.</p>" in html
    assert list_shape(html) == [
        "ul",
        "  li Card 7, a",
        "  li Card 8",
    ]
    assert "409. Normalising" in html


def test_an_item_holds_what_is_indented_to_its_text(site_markdown):
    """Two spaces under "- ", three under "1. " (GitHub's rule), not only four."""
    html = render(
        site_markdown,
        "- [ ] git installed:\n  - macOS: Xcode tools\n  - Linux: the package\n- [ ] done\n\n"
        "Then:\n\n"
        "1. Write the function:\n\n   ```python\n   def f():\n       - 1\n   ```\n\n"
        "   Then test it.\n2. Reduce the route.\n3. Run the tests.\n\n"
        "Text between two lists.\n\n"
        "- One list\n  1. with another in it\n\n  and a paragraph\n",
    )
    assert list_shape(html) == [
        "ul",
        "  li git installed:",
        "    ul",
        "      li macOS: Xcode tools",
        "      li Linux: the package",
        "  li done",
        "ol",
        "  li Write the function:",
        "  li Reduce the route.",
        "  li Run the tests.",
        "ul",
        "  li One list",
        "    ol",
        "      li with another in",
    ]
    # The code block stays inside the first item, as it was written.
    first_item = html.split("<ol>")[1].split("</li>")[0]
    assert "def" in first_item and "Then test it." in first_item


def test_an_item_after_an_indented_paragraph_starts_a_new_item(site_markdown):
    html = render(
        site_markdown,
        "1. Open the code.\n\n    Both serve sample data.\n2. Try every activity.\n",
    )
    assert list_shape(html) == [
        "ol",
        "  li Open the code.",
        "  li Try every activity.",
    ]


def test_code_is_left_as_it_is_written(site_markdown):
    code = (
        "Text:\n\n```text\nSay:\n- not a list\n1. nor this\n```\n\n    indented code\n    - too\n"
    )
    html = render(site_markdown, code)
    assert list_shape(html) == []
    text = re.sub(r"<[^>]+>", "", html)
    assert "Say:\n- not a list\n1. nor this" in text
    assert "indented code\n- too" in text


def test_every_page_has_the_lists_github_gives_it(site_markdown):
    """Every Markdown page of lessons/ and docs/ has, on the site, the lists (their nesting,
    their items) that CommonMark, the Markdown of GitHub, gives the same source."""
    markdown_it = pytest.importorskip("markdown_it")
    commonmark = markdown_it.MarkdownIt("commonmark").enable("table")
    pages = sorted((REPO_ROOT / "lessons").rglob("*.md")) + sorted(
        (REPO_ROOT / "docs").rglob("*.md")
    )
    assert len(pages) > 20
    different = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            text = text.split("\n---\n", 1)[1]  # mkdocs reads the front matter itself
        ours, github = list_shape(render(site_markdown, text)), list_shape(commonmark.render(text))
        if ours != github:
            different.append(Path(page).relative_to(REPO_ROOT).as_posix())
    assert different == []
