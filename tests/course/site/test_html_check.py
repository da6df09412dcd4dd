"""The check of the built pages: the real site passes, and each planted defect is caught, by the
check, by `course site check-html` and by the build's own hook."""

import importlib.util
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from course.cli import main
from course.site.html_check import LONGEST_DIAGRAM_LINE, check_page, check_site
from courseware.paths import REPO_ROOT

RUN_ON_LIST = "<p><strong>Behavior:</strong>\n1. The token is checked.\n2. The body is read.</p>"
INLINE_STEPS = "<p><strong>Behavior:</strong> 1. The token is checked. 2. The body is read.</p>"
RUN_ON_BULLETS = "<p><strong>Say:</strong>\n- &quot;Welcome back.&quot;\n- &quot;Today&quot;</p>"
REPEATED_TITLE = (
    '<h1 id="x">Capstone: Capstone: a blogging platform<a class="headerlink">&para;</a></h1>'
)
REPEATED_IN_A_CELL = "<td>Due 23:59: <a href='x'>Capstone: Capstone: a blog</a></td>"
WIDE_MERMAID = '<pre class="mermaid"><code>graph LR\n  A["' + "word " * 30 + '"] --> B</code></pre>'
WIDE_TEXT_DIAGRAM = "<pre><code>" + "┌" + "─" * (LONGEST_DIAGRAM_LINE + 5) + "┐</code></pre>"


def page(body: str) -> str:
    return f"<html><head><title>A page</title></head><body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (RUN_ON_LIST, "a list is run into a paragraph"),
        (INLINE_STEPS, "a list is run into a paragraph"),
        (RUN_ON_BULLETS, "a list is run into a paragraph"),
        (REPEATED_TITLE, "repeats its prefix 'Capstone'"),
        (REPEATED_IN_A_CELL, "repeats its prefix 'Capstone'"),
        (WIDE_MERMAID, "a Mermaid diagram has a line of"),
        (WIDE_TEXT_DIAGRAM, "a text diagram has a line of"),
    ],
)
def test_each_defect_is_found_with_its_page_and_its_fix(body, what):
    findings = check_page("weeks/week-04/hw03/index.html", page(body))
    assert len(findings) == 1
    assert what in findings[0].what
    assert str(findings[0]).startswith("weeks/week-04/hw03/index.html: ")
    assert "Fix: " in str(findings[0]) and findings[0].fix


@pytest.mark.parametrize(
    "body",
    [
        # Sentences, not lists: a wrapped line may start with a long number.
        "<p>an unknown course answers\n404. Nothing is created.</p>",
        "<p>It was first taught in\n2026. Then it grew.</p>",
        "<p>Steps: <strong>1.</strong> is the first.</p>",
        # A list that is a list, and labels that only look alike.
        "<p><strong>Behavior:</strong></p><ol><li>The token is checked.</li></ol>",
        "<li><strong>Starter:</strong> starter/week-04, the app of week 3</li>",
        "<h1>Week 14: Capstone: a RealWorld blogging platform</h1>",
        "<td>Due 23:59: <a href='x'>Capstone: a RealWorld-compatible blogging platform</a></td>",
        # Long code lines wrap; a short diagram fits.
        "<pre><code>" + "x = 1; " * 40 + "</code></pre>",
        '<pre class="mermaid"><code>%%{init: {"gantt": {"fontSize": 14, "barHeight": 18, '
        '"leftPadding": 200, "rightPadding": 20, "useWidth": 860, "useMaxWidth": true}}}%%\n'
        "gantt\n  W1 Kickoff#58; the course :w1, 2026-01-12, 5d</code></pre>",
        "<pre><code>┌────┐\n│ ok │\n└────┘</code></pre>",
    ],
)
def test_what_is_no_defect_is_not_reported(body):
    assert check_page("index.html", page(body)) == []


def test_the_built_site_has_no_page_defect(built, site_dir):
    _, log = built
    assert "HTML check: no run-on list, repeated title or over-wide diagram" in log
    assert check_site(site_dir) == []


def planted(site_dir: Path, into: Path) -> Path:
    """A copy of the built site with one defect of each kind on the homework index."""
    shutil.copytree(site_dir, into)
    index = into / "homework" / "index.html"
    defects = RUN_ON_LIST + REPEATED_TITLE + WIDE_MERMAID
    index.write_text(
        index.read_text(encoding="utf-8").replace("</article>", defects + "</article>", 1),
        encoding="utf-8",
    )
    return into


def test_check_html_names_every_planted_defect(site_dir, tmp_path, capsys):
    folder = planted(site_dir, tmp_path / "site")
    assert main(["site", "check-html", "--out", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "3 page defect(s)" in captured.out
    assert captured.err.count("homework/index.html: ") == 3
    assert main(["site", "check-html", "--out", str(site_dir)]) == 0
    assert main(["site", "check-html", "--out", str(tmp_path / "nothing")]) == 2


def test_the_build_fails_on_a_planted_defect(site_dir, tmp_path):
    """The hook that ends every build (leak check, then this check) refuses the site."""
    spec = importlib.util.spec_from_file_location(
        "course_site_hooks", REPO_ROOT / "docs" / "hooks" / "course_site.py"
    )
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    config = hooks.on_config(load_config(str(REPO_ROOT / "mkdocs.yml")))
    config["site_dir"] = str(planted(site_dir, tmp_path / "site"))
    with pytest.raises(PluginError, match=r"3 defect\(s\) in the built pages"):
        hooks.on_post_build(config)
    config["site_dir"] = str(site_dir)
    hooks.on_post_build(config)
