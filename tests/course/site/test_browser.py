"""The site works in a real browser: pages, search, diagrams, dark mode, and lists, code and
diagrams render as written.

The test drives the system's Chromium through the DevTools protocol (no browser is
downloaded) and saves screenshots under test-artifacts/site/. It is skipped when no Chromium is
installed, unless COURSE_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

import asyncio
import base64
import contextlib
import functools
import http.server
import itertools
import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from course.site.build import plan_site
from course.site.html_check import text_of
from course.site.plan import session_title
from course.site.sources import lesson_sources
from courseware.calendar import load_calendar
from courseware.paths import REPO_ROOT
from courseware.term import WEEKS
from tests.support.site import built_page

ARTIFACTS = REPO_ROOT / "test-artifacts" / "site"


REQUIRE_BROWSER = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"


# Material draws a Mermaid diagram when it scrolls into view: it replaces the <pre
# class="mermaid"> by a <div class="mermaid"> that holds the SVG in a closed shadow root.
# Drawn means no <pre> is left and every diagram in view has a size (one in a content tab
# that is not selected has none).
DIAGRAM_DRAWN = (
    "document.querySelectorAll('.mermaid').forEach(e => e.scrollIntoView()),"
    " document.querySelectorAll('div.mermaid').length > 0"
    " && document.querySelectorAll('pre.mermaid').length === 0"
    " && [...document.querySelectorAll('div.mermaid')].filter(e => e.checkVisibility())"
    ".every(e => e.getBoundingClientRect().height > 100)"
)


def chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    return None


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The built site over HTTP on a free local port (search needs HTTP, not file://)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Tab:
    """One browser tab, driven over the Chrome DevTools protocol."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: list[dict[str, Any]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            message = json.loads(raw)
            if "id" in message and message["id"] in self.waiting:
                self.waiting.pop(message["id"]).set_result(message)
            else:
                self.events.append(message)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        self.waiting[number] = asyncio.get_running_loop().create_future()
        await self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        reply = await asyncio.wait_for(self.waiting[number], 60)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def evaluate(self, expression: str) -> Any:
        reply = await self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in reply:
            raise AssertionError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    async def wait_for(self, expression: str, what: str, seconds: float = 30) -> Any:
        """Poll until the expression is truthy; fail with `what` if it never becomes so."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            if value := await self.evaluate(expression):
                return value
            await asyncio.sleep(0.1)
        raise AssertionError(f"the page never showed {what}")

    async def open(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.wait_for(
            f"location.href === {json.dumps(url)} && document.readyState === 'complete'",
            f"{url} loaded",
        )

    async def screenshot(self, name: str, top: bool = True) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        if top:
            await self.evaluate("window.scrollTo(0, 0)")
            await self.wait_for("window.scrollY === 0", "the top of the page")
        shot = await self.send("Page.captureScreenshot", format="png")
        path = ARTIFACTS / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def errors(self) -> list[str]:
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                found.append(json.dumps(params["exceptionDetails"])[:500])
            elif event.get("method") == "Runtime.consoleAPICalled" and params["type"] == "error":
                found.append(json.dumps(params["args"])[:500])
            elif event.get("method") == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
        return found


@contextlib.asynccontextmanager
async def browser_tab(executable: str, profile: Path):
    from websockets.asyncio.client import connect

    process = await asyncio.create_subprocess_exec(
        *[
            executable,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        # Its own process group: Chromium's helper processes end with it, not after the
        # profile folder is removed.
        start_new_session=True,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.is_file() and port_file.read_text().strip():
                break
            await asyncio.sleep(0.1)
        else:
            raise AssertionError("Chromium did not open its DevTools port")
        port = port_file.read_text().split()[0]
        async with httpx.AsyncClient() as client:
            targets = (await client.get(f"http://127.0.0.1:{port}/json/list")).json()
        page = next(t for t in targets if t["type"] == "page")
        async with connect(page["webSocketDebuggerUrl"], max_size=None) as socket:
            tab = Tab(socket)
            for domain in ("Page", "Runtime", "Log"):
                await tab.send(f"{domain}.enable")
            try:
                yield tab
            finally:
                tab.reader.cancel()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()


def test_the_site_works_in_a_real_browser(site_dir):
    executable = chromium()
    if executable is None:
        message = "no Chromium: apt-get install -y chromium chromium-driver"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    sessions = [s for s in lesson_sources() if s.kind == "session"]
    lesson = built_page(sessions[0].src_uri).removesuffix("index.html") if sessions else None
    calendar = load_calendar()
    week_two = calendar.session(2, 1).day  # a day inside the term, to check the highlight

    async def scenario() -> None:
        with (
            serve(site_dir) as root,
            tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile,
        ):
            async with browser_tab(executable, Path(profile)) as tab:
                # The home page shows this week (here: week 2) and links to everything.
                await tab.open(f"{root}?today={week_two}")
                shown = await tab.wait_for(
                    "[...document.querySelectorAll('.this-week-cards .schedule-week')]"
                    ".filter(c => getComputedStyle(c).display !== 'none')"
                    ".map(c => c.dataset.week || 'other')",
                    "the card of this week",
                )
                assert shown == ["2"]
                await tab.screenshot("home")

                # Navigation: the Schedule tab leads to the schedule; this week is highlighted
                # and the term-at-a-glance diagram is drawn by the bundled Mermaid.
                await tab.evaluate(
                    "[...document.querySelectorAll('.md-tabs__link')]"
                    ".find(a => a.textContent.trim() === 'Schedule').click()"
                )
                await tab.wait_for("location.pathname.endsWith('/schedule/')", "the schedule")
                await tab.open(f"{root}schedule/?today={week_two}")
                assert (
                    await tab.wait_for(
                        "document.querySelector('.schedule-week.is-current')?.dataset.week",
                        "the current week highlighted",
                    )
                    == "2"
                )
                await tab.wait_for(
                    DIAGRAM_DRAWN,
                    "the term diagram drawn",
                )
                await tab.screenshot("schedule")

                # A lesson, if one is written yet.
                if lesson:
                    await tab.open(f"{root}{lesson}")
                    await tab.wait_for("!!document.querySelector('article h1')", "a lesson")
                    await tab.screenshot("lesson")

                # The data model's diagram, in dark mode.
                await tab.open(f"{root}app/data-model/")
                await tab.wait_for(
                    DIAGRAM_DRAWN,
                    "the ER diagram",
                )
                await tab.evaluate(
                    "document.querySelector('[data-md-color-scheme]')"
                    ".setAttribute('data-md-color-scheme', 'slate')"
                )
                await tab.screenshot("data-model-dark")

                # Search finds an endpoint by its path and a concept by its name.
                for query, expected in (
                    ("/api/groups/{group_id}/members", "app/endpoints/"),
                    ("behavior contract", "/"),
                ):
                    await tab.open(f"{root}?q={query.replace(' ', '+')}")
                    found = await tab.wait_for(
                        "[...document.querySelectorAll('.md-search-result__item a')]"
                        ".map(a => a.getAttribute('href'))",
                        f"search results for {query!r}",
                    )
                    assert any(expected in href for href in found), (query, found)
                await tab.screenshot("search")
                assert tab.errors() == []

    asyncio.run(scenario())


def lead_in_lists(source: str, lead: str) -> list[int]:
    """For each line `**Lead:**` of a page's source that a list follows on the next line, the
    number of items of that list (its own items, not nested ones)."""
    lines = source.splitlines()
    counts = []
    for number, line in enumerate(lines):
        if line.strip() != f"**{lead}:**":
            continue
        items = 0
        for following in lines[number + 1 :]:
            if not following.strip():
                break
            items += bool(re.match(r"(\d+\.|[-*+]) ", following))
        if items:
            counts.append(items)
    return counts


# For every paragraph that is exactly "Lead:", the list right after it: its tag and items.
LISTS_AFTER = """
[...document.querySelectorAll('article p')]
  .filter(p => p.textContent.trim() === %s)
  .map(p => p.nextElementSibling)
  .map(l => l && ['OL', 'UL'].includes(l.tagName) ? l.children.length : 0)
"""

# Code blocks and diagrams that are wider than their box, or reach past the article's edge.
OVERFLOWING = """
(() => {
  const article = document.querySelector('article').getBoundingClientRect();
  return [...document.querySelectorAll('article pre > code, article div.mermaid')]
    .filter(e => e.clientWidth > 0)
    .filter(e => e.scrollWidth > e.clientWidth + 1
                 || e.getBoundingClientRect().right > article.right + 1)
    .map(e => `${e.tagName}.${e.className}: ${e.scrollWidth} > ${e.clientWidth}: `
              + e.textContent.slice(0, 60));
})()
"""


async def diagram_texts(tab: Tab) -> tuple[list[str], list[str]]:
    """The texts of the page's Mermaid drawings (SVG text, or HTML labels), and those that
    stick out of their drawing. Material draws into closed shadow roots; the DevTools protocol
    sees inside them."""
    document = await tab.send("DOM.getDocument", depth=-1, pierce=True)

    def nodes(node: dict[str, Any], name: str, in_shadow: bool = False) -> Iterator[dict]:
        if node.get("nodeName") == name and in_shadow:
            yield node
        for child in node.get("children", []):
            yield from nodes(child, name, in_shadow)
        for root in node.get("shadowRoots", []):
            yield from nodes(root, name, True)

    def node_text(node: dict[str, Any]) -> str:
        own = node.get("nodeValue", "") if node.get("nodeType") == 3 else ""
        return own + "".join(node_text(child) for child in node.get("children", []))

    async def box_of(node: dict[str, Any]) -> list[float] | None:
        try:
            return (await tab.send("DOM.getBoxModel", nodeId=node["nodeId"]))["model"]["border"]
        except AssertionError:
            return None  # not shown: in a content tab that is not selected

    texts, outside = [], []
    for svg in nodes(document["root"], "svg"):
        if (box := await box_of(svg)) is None:
            continue
        labels = [*nodes(svg, "text", True), *nodes(svg, "foreignObject", True)]
        for text in labels:
            content = " ".join(node_text(text).split())
            texts.append(content)
            quad = await box_of(text)
            if quad and (min(quad[0::2]) < box[0] - 1 or max(quad[0::2]) > box[2] + 1):
                outside.append(content)
    return texts, outside


def widest_text_diagram(site_dir: Path) -> str | None:
    """The built page with the widest text diagram (lines of box-drawing characters)."""
    widths = {}
    for page in site_dir.rglob("*.html"):
        for block in re.findall(r"<pre\b.*?</pre>", page.read_text("utf-8"), re.DOTALL):
            lines = [line for line in text_of(block).splitlines() if re.search("[─-╿]", line)]
            if lines:
                widths[page] = max(widths.get(page, 0), *map(len, lines))
    if not widths:
        return None
    widest = max(widths, key=widths.__getitem__)
    return widest.relative_to(site_dir).parent.as_posix() + "/"


def test_lists_and_diagrams_render_as_written_in_a_real_browser(site_dir):
    """Homework contracts and lessons' "Say" lists are lists; no code block or diagram is
    wider than its column; the term's chart shows every label whole, colons included."""
    executable = chromium()
    if executable is None:
        message = "no Chromium: apt-get install -y chromium chromium-driver"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    # Every homework page's contracts and every session plan's "Say" lists; the first of each
    # is also saved as a screenshot.
    sources = lesson_sources()
    pages = [(s, "Behavior") for s in sources if s.kind == "homework"]
    pages += [(s, "Say") for s in sources if s.kind == "session"]
    pages = [(s, lead) for s, lead in pages if lead_in_lists(s.path.read_text("utf-8"), lead)]
    assert {lead for _, lead in pages} == {"Behavior", "Say"}
    diagram_page = widest_text_diagram(site_dir)
    plan = plan_site()

    async def scenario() -> None:
        with (
            serve(site_dir) as root,
            tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile,
        ):
            async with browser_tab(executable, Path(profile)) as tab:
                shot = {"Behavior": "contract", "Say": "say-list"}
                for source, lead in pages:
                    url = built_page(source.src_uri).removesuffix("index.html")
                    await tab.open(f"{root}{url}")
                    expected = lead_in_lists(source.path.read_text("utf-8"), lead)
                    shown = await tab.evaluate(LISTS_AFTER % json.dumps(f"{lead}:"))
                    assert shown == expected, (source.path, shown, expected)
                    if name := shot.pop(lead, None):
                        await tab.evaluate(
                            "[...document.querySelectorAll('article p')]"
                            f".find(p => p.textContent.trim() === {json.dumps(lead + ':')})"
                            ".scrollIntoView({block: 'center'})"
                        )
                        await tab.screenshot(name, top=False)
                    # Collapsed blocks (the visible tests) opened: their code must fit too.
                    await tab.evaluate(
                        "document.querySelectorAll('details').forEach(d => d.open = true)"
                    )
                    await asyncio.sleep(0.2)
                    assert await tab.evaluate(OVERFLOWING) == [], source.path

                if diagram_page:
                    await tab.open(f"{root}{diagram_page}")
                    await tab.evaluate(
                        "document.querySelector('code.text-diagram')"
                        ".scrollIntoView({block: 'center'})"
                    )
                    await tab.screenshot("text-diagram", top=False)
                    assert await tab.evaluate(OVERFLOWING) == [], diagram_page

                for page in ("schedule/", "syllabus/", "app/data-model/", "app/request-flow/"):
                    await tab.open(f"{root}{page}")
                    await tab.wait_for(DIAGRAM_DRAWN, f"the diagrams of {page}")
                    assert await tab.evaluate(OVERFLOWING) == [], page
                    texts, outside = await diagram_texts(tab)
                    assert texts and outside == [], (page, outside)
                    if page == "schedule/":
                        await tab.evaluate("document.querySelector('div.mermaid').scrollIntoView()")
                        await tab.screenshot("term-chart", top=False)
                        for week in WEEKS:
                            label = f"W{week} {session_title(plan, week, 1)[0]}"
                            assert label in texts, label
                assert tab.errors() == []

    asyncio.run(scenario())
