"""The course website: it builds strictly, every date comes from the calendar, nothing private is
published (a planted leak is caught), and it works in a real browser.

The browser test drives the system's Chromium through the DevTools protocol (no browser is
downloaded) and saves screenshots under test-artifacts/site/. It is skipped when no Chromium is
installed, unless COURSE_REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

import asyncio
import base64
import contextlib
import fcntl
import functools
import http.server
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from course import site
from course.calendar import load_calendar
from course.content import code_reference_problems, read_page
from course.errors import CourseError
from course.term import HOMEWORK, HOMEWORK_BY_ID, REPO_ROOT, STARTER_WEEKS

ARTIFACTS = REPO_ROOT / "test-artifacts" / "site"
REQUIRE_BROWSER = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"
# Material draws a Mermaid diagram when it scrolls into view: it replaces the <pre
# class="mermaid"> by a <div class="mermaid"> that holds the SVG in a closed shadow root.
# Drawn means no <pre> is left and every diagram has a size.
DIAGRAM_DRAWN = (
    "document.querySelectorAll('.mermaid').forEach(e => e.scrollIntoView()),"
    " document.querySelectorAll('div.mermaid').length > 0"
    " && document.querySelectorAll('pre.mermaid').length === 0"
    " && [...document.querySelectorAll('div.mermaid')]"
    ".every(e => e.getBoundingClientRect().height > 100)"
)


def build(destination: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`, exactly as CI and the Pages workflow run it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)],
        cwd=REPO_ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **environment},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, str]:
    """One strict build for the whole run, shared by the pytest-xdist workers."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder every worker's temp folder lives in
    destination, log_file = shared / "built-site", shared / "built-site.log"
    with (shared / "built-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first worker builds, the others wait
        if not log_file.exists():
            result = build(destination)
            log = result.stdout + result.stderr
            assert result.returncode == 0, log[-6000:]
            log_file.write_text(log, encoding="utf-8")
    return destination, log_file.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site_dir(built: tuple[Path, str]) -> Path:
    return built[0]


def page_text(site_dir: Path, page: str) -> str:
    return site.site_text(site_dir / page)


def built_page(src_uri: str) -> str:
    """Where mkdocs writes the page of a source file (directory URLs)."""
    stem = src_uri.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem.removesuffix('/index')}/index.html"


# --- the build ------------------------------------------------------------------------------


def test_strict_build_has_no_warning_and_runs_the_leak_check(built):
    _, log = built
    assert "WARNING" not in log
    assert "Leak check:" in log and "none in the site" in log


def test_every_lesson_homework_and_handout_is_published_from_lessons(site_dir):
    sources = site.lesson_sources()
    for source in sources:
        page = site_dir / built_page(source.src_uri)
        assert page.is_file(), f"{source.path} was not published"
        text = site.site_text(page)
        assert source.title in text
    # Pulled from lessons/, never copied into docs/.
    assert not list((REPO_ROOT / "docs").rglob("session-*.md"))


def test_placeholders_are_filled_with_dates_from_the_calendar(site_dir):
    calendar = load_calendar()
    for source in site.lesson_sources():
        text = (site_dir / built_page(source.src_uri)).read_text(encoding="utf-8")
        assert not re.search(r"\{\{\s*(session_date|due)\b", text), source.path
    for source in site.lesson_sources():
        if source.kind == "session":
            session = calendar.session(source.week, source.session)
            text = page_text(site_dir, built_page(source.src_uri))
            assert site.long_date(session.day) in text, source.path
        if source.kind == "homework":
            due = calendar.due(HOMEWORK_BY_ID[source.homework_id])
            assert site.due_text(due) in page_text(site_dir, built_page(source.src_uri))


def test_schedule_lists_every_session_and_every_due_date(site_dir):
    calendar = load_calendar()
    text = page_text(site_dir, "schedule/index.html")
    for session in calendar.all_sessions():
        assert site.short_date(session.day) in text, session
    for homework in HOMEWORK:
        due = calendar.due(homework)
        assert (
            f"{site.short_date(due.date())} Due {due:%H:%M}: {site.homework_label(homework)}:"
            in text
        )
    for name, monday in calendar.breaks:
        assert f"{name}: {site.short_date(monday)}" in text
    html = (site_dir / "schedule/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="schedule-week"[^>]*>', html)
    starts = [re.search(r'data-start="([\d-]+)"', card).group(1) for card in cards]
    assert starts == [
        str(calendar.week_monday(week)) for week in range(1, calendar.teaching_weeks + 1)
    ]
    ics = (site_dir / "schedule.ics").read_text(encoding="utf-8")
    assert ics.count("BEGIN:VEVENT") == len(calendar.all_sessions()) + len(HOMEWORK)


def test_home_page_reaches_everything_a_student_needs_in_one_click(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    for target in (
        "syllabus/",
        "schedule/",
        "weeks/",
        "homework/",
        "worksheets/",
        "setup/",
        "feedback/",
        "instructors/",
    ):
        assert f'href="{target}"' in html, target


def test_worksheets_are_published_as_student_versions_only(site_dir):
    notebooks = sorted(site_dir.rglob("*.ipynb"))
    sources = sorted(site.WORKSHEET_SOURCE_DIR.rglob("*.ipynb"))
    if sources and site.released_notebooks() is not None:
        assert len(notebooks) == len(sources)
    for notebook in notebooks:
        text = notebook.read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME"):
            assert marker not in text, notebook
        page = notebook.parent / notebook.stem / "index.html"
        assert page.is_file(), f"{notebook} has no page"
        assert f'href="../{notebook.name}"' in page.read_text(encoding="utf-8")
    assert not (site_dir / "source").exists()


def test_data_model_and_endpoints_are_drawn_from_the_latest_starter(site_dir):
    latest = site.starter_path(max(STARTER_WEEKS))
    tables = site.schema_tables((latest / "sql" / "schema.sql").read_text(encoding="utf-8"))
    model = (site_dir / "app/data-model/index.html").read_text(encoding="utf-8")
    assert 'class="mermaid"' in model and "erDiagram" in model
    for table in tables:
        assert f"{table} {{" in model, table
    endpoints = page_text(site_dir, "app/endpoints/index.html")
    for endpoint in site.routes_of(latest, max(STARTER_WEEKS)):
        assert f"{endpoint.method} {endpoint.path}" in endpoints


def test_the_hand_written_pages_name_only_real_files_and_code(tmp_path):
    """The app pages name files, endpoints and classes: they must exist in the latest starter."""
    for path in sorted((REPO_ROOT / "docs" / "app").glob("*.md")):
        page = read_page(path)
        assert code_reference_problems(page, max(STARTER_WEEKS)) == []


# --- released solutions ---------------------------------------------------------------------


def test_solutions_are_published_only_after_their_release_date():
    calendar = load_calendar()
    releases = site.solution_releases(calendar)
    hw03 = HOMEWORK_BY_ID["hw03"]
    assert releases["hw03"] == calendar.due(hw03) + timedelta(days=site.SOLUTION_RELEASE_DAYS)
    before = site.plan_site(moment=releases["hw03"] - timedelta(minutes=1))
    after = site.plan_site(moment=releases["hw03"])
    assert "solutions/hw03.md" not in before.pages
    assert "solutions/hw03.md" in after.pages
    # What the solution page shows is exactly the homework's part of the reference.
    assert "coursehub/routes/courses.py" in after.pages["solutions/hw03.md"]
    assert "hl_lines=" in after.pages["solutions/hw03.md"]


def test_a_mid_term_build_publishes_released_solutions_only(tmp_path):
    """Built as of the day after HW1's solution release: HW1's is there, later ones are not,
    and the build's own leak check (which fails the build) finds nothing unreleased."""
    calendar = load_calendar()
    releases = site.solution_releases(calendar)
    moment = releases["hw01"] + timedelta(days=1)
    assert moment < releases["hw03"]
    destination = tmp_path / "site"
    result = build(destination, COURSE_SITE_DATE=moment.isoformat())
    assert result.returncode == 0, (result.stdout + result.stderr)[-6000:]
    assert (destination / "solutions/hw01/index.html").is_file()
    assert not (destination / "solutions/hw03").exists()
    assert "from " + site.short_date(releases["hw03"].date()) in page_text(
        destination, "homework/index.html"
    )


# --- the leak check, proven by planting leaks -----------------------------------------------


def highlighted(code: str) -> str:
    """Code as the site shows it: one <span> per token, entities escaped."""
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(code, PythonLexer(), HtmlFormatter())


PLANTED_PAGE = "weeks/index.html"


def plant(site_dir: Path, into: Path, text: str) -> Path:
    """A copy of the built site with `text` added, highlighted, to one page."""
    shutil.copytree(site_dir, into)
    page = into / PLANTED_PAGE
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", highlighted(text) + "</article>", 1), "utf-8")
    return into


def leaks_on_the_planted_page(site_dir: Path, secrets: list[site.Secret]) -> list[site.Leak]:
    """Leaks in the page we planted into. (Other pages may show solutions that are released
    today but not at the earlier moments some tests look from.)"""
    return [leak for leak in site.find_leaks(site_dir, secrets) if leak.page == PLANTED_PAGE]


HIDDEN_TEST = """\
def test_patch_course_keeps_the_fields_it_was_not_sent(client, auth):
    created = client.post("/api/courses", json={"code": "PL-404", "title": "Planted"},
                          headers=auth("carol")).json()
    changed = client.patch(f"/api/courses/{created['id']}", json={"credits": 7},
                           headers=auth("carol"))
    assert changed.json()["title"] == "Planted"
"""


@pytest.fixture
def private(tmp_path: Path) -> dict[str, Path]:
    """A stand-in autograder/ and worksheets/source/ with one secret of each kind."""
    autograder = tmp_path / "private" / "autograder"
    hidden = autograder / "assignments" / "hw03" / "hidden"
    hidden.mkdir(parents=True)
    (hidden / "test_hw03_planted.py").write_text(HIDDEN_TEST, encoding="utf-8")

    # A mutant of a real line of week 2's reference, described as the autograder does.
    source = site._rendered(2, "reference")["coursehub/services/courses.py"].decode()
    find = next(line for line in source.splitlines() if "order_by" in line).strip()
    (autograder / "assignments" / "hw01").mkdir(parents=True)
    (autograder / "assignments" / "hw01" / "mutants.toml").write_text(
        "[[mutant]]\n"
        'name = "planted"\n'
        'behavior = "courses are listed in code order"\n'
        'file = "coursehub/services/courses.py"\n'
        f"find = {json.dumps(find)}\n"
        f"replace = {json.dumps(find.replace('order_by(', 'order_by(Course.title, '))}\n",
        encoding="utf-8",
    )
    worksheets = tmp_path / "private" / "worksheets" / "source" / "hw02-planted"
    worksheets.mkdir(parents=True)
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade_id": "a1"}},
                "source": [
                    "### BEGIN SOLUTION\n",
                    "PLANTED_QUERY = '''\n",
                    "SELECT courses.code, COUNT(study_groups.id) AS planted_count\n",
                    "FROM courses LEFT JOIN study_groups ON study_groups.course_id = courses.id\n",
                    "GROUP BY courses.id ORDER BY planted_count DESC\n",
                    "'''\n",
                    "### END SOLUTION\n",
                ],
            }
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (worksheets / "planted.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return {"autograder": autograder, "worksheets": worksheets.parent, "mutant_line": Path(find)}


def secrets_as_of(moment, private: dict[str, Path], homework=()) -> list[site.Secret]:
    """The stand-in private material, and the reference solutions of `homework`."""
    return site.collect_secrets(
        moment,
        site.solution_releases(load_calendar()),
        autograder_dir=private["autograder"],
        worksheet_source_dir=private["worksheets"],
        homework=homework,
    )


def test_the_built_site_shows_no_private_material(site_dir):
    assert site.check_leaks(site_dir) == []


def test_a_planted_hidden_test_is_caught(site_dir, private, tmp_path):
    moment = site.site_moment(load_calendar())
    secrets = secrets_as_of(moment, private)
    assert site.find_leaks(site_dir, secrets) == []
    leaks = site.find_leaks(plant(site_dir, tmp_path / "planted", HIDDEN_TEST), secrets)
    assert {(leak.page, leak.kind) for leak in leaks} == {("weeks/index.html", "hidden test")}
    assert leaks[0].origin == "autograder/assignments/hw03/hidden/test_hw03_planted.py"


def test_a_planted_mutant_is_caught_but_the_reference_it_mutates_is_not(
    site_dir, private, tmp_path
):
    moment = site.site_moment(load_calendar())
    secrets = [s for s in secrets_as_of(moment, private) if s.kind == "mutant"]
    assert len(secrets) == 1
    reference = site._rendered(2, "reference")["coursehub/services/courses.py"].decode()
    find = str(private["mutant_line"])
    mutant = reference.replace(find, find.replace("order_by(", "order_by(Course.title, "), 1)
    assert site.find_leaks(plant(site_dir, tmp_path / "reference", reference), secrets) == []
    leaks = site.find_leaks(plant(site_dir, tmp_path / "mutant", mutant), secrets)
    assert [leak.kind for leak in leaks] == ["mutant"]
    assert "[planted]" in leaks[0].origin


def test_a_planted_worksheet_solution_is_caught_until_its_release(site_dir, private, tmp_path):
    releases = site.solution_releases(load_calendar())
    solution = (
        "SELECT courses.code, COUNT(study_groups.id) AS planted_count\n"
        "FROM courses LEFT JOIN study_groups ON study_groups.course_id = courses.id\n"
        "GROUP BY courses.id ORDER BY planted_count DESC\n"
    )
    planted = plant(site_dir, tmp_path / "planted", solution)
    before = secrets_as_of(releases["hw02"] - timedelta(days=1), private)
    assert leaks_on_the_planted_page(site_dir, before) == []
    leaks = leaks_on_the_planted_page(planted, before)
    assert [leak.kind for leak in leaks] == ["worksheet solution"]
    assert leaks[0].origin.endswith("hw02-planted/planted.ipynb")
    after = secrets_as_of(releases["hw02"], private)
    assert leaks_on_the_planted_page(planted, after) == []


def test_an_unreleased_reference_solution_is_caught(site_dir, private, tmp_path):
    releases = site.solution_releases(load_calendar())
    answer = site._rendered(4, "reference")["coursehub/routes/courses.py"].decode()
    planted = plant(site_dir, tmp_path / "planted", answer)
    hw03 = [HOMEWORK_BY_ID["hw03"]]
    before = secrets_as_of(releases["hw03"] - timedelta(days=1), private, hw03)
    assert leaks_on_the_planted_page(site_dir, before) == []
    kinds = {leak.kind for leak in leaks_on_the_planted_page(planted, before)}
    assert kinds == {f"unreleased solution of hw03 (released {releases['hw03']:%Y-%m-%d})"}
    after = secrets_as_of(releases["hw03"], private, hw03)
    assert leaks_on_the_planted_page(planted, after) == []


def test_the_starter_the_students_have_is_never_a_leak(site_dir, private, tmp_path):
    releases = site.solution_releases(load_calendar())
    starter = (site.starter_path(4) / "coursehub" / "routes" / "courses.py").read_text("utf-8")
    planted = plant(site_dir, tmp_path / "planted", starter)
    secrets = secrets_as_of(releases["hw01"] - timedelta(days=1), private, HOMEWORK)
    assert leaks_on_the_planted_page(planted, secrets) == []


# --- the pieces -------------------------------------------------------------------------------


def test_placeholders():
    calendar = load_calendar()
    meta = {"week": 2, "session": 1}
    filled = site.fill_placeholders(
        'On {{ session_date }}; due {{ due("hw01") }}.', meta, calendar, "x.md"
    )
    assert filled == (
        f"On {site.long_date(calendar.session(2, 1).day)}; "
        f"due {site.due_text(calendar.due(HOMEWORK_BY_ID['hw01']))}."
    )
    # Code that merely looks like a template is left alone.
    assert site.fill_placeholders("{{ user.name }}", {}, calendar, "x.md") == "{{ user.name }}"
    for broken in ('{{ due("hw99") }}', "{{ session_date }}", "{{ due() }}", "{{ due(hw01) }}"):
        with pytest.raises(CourseError):
            site.fill_placeholders(broken, {}, calendar, "x.md")


def test_links_to_repository_files_are_rewritten_and_private_ones_dropped(tmp_path):
    lesson = REPO_ROOT / "lessons" / "week-04" / "session-x.md"
    site_files = {REPO_ROOT / "docs" / "setup.md": "setup.md"}
    markdown = (
        "[guide](../../docs/setup.md) [starter](../../starter/week-04/coursehub/main.py) "
        "[answer](../../solutions/coursehub/coursehub/main.py) [web](https://example.org)\n"
        "```\n[kept](../../solutions/x.py)\n```\n"
    )
    rewritten = site.rewrite_links(
        markdown, lesson, "weeks/week-04/session-x.md", site_files, [], "https://github.com/o/r"
    )
    assert "[guide](../../setup.md)" in rewritten
    assert "(https://github.com/o/r/blob/main/starter/week-04/coursehub/main.py)" in rewritten
    assert "answer" in rewritten and "solutions/coursehub/coursehub/main.py)" not in rewritten
    assert "[web](https://example.org)" in rewritten
    assert "[kept](../../solutions/x.py)" in rewritten  # code blocks are left as they are
    plain = site.rewrite_links(markdown, lesson, "weeks/week-04/session-x.md", {}, [], None)
    assert "starter (`starter/week-04/coursehub/main.py`)" in plain


def test_solution_release_dates_can_be_set_in_the_calendar(tmp_path):
    calendar = load_calendar()
    table = (REPO_ROOT / "lessons" / "calendar.toml").read_text(encoding="utf-8")
    custom = tmp_path / "calendar.toml"
    custom.write_text(
        table + '\n[solution_release]\ndays_after_due = 2\nhw03 = 2026-03-01\nhw04 = "never"\n',
        encoding="utf-8",
    )
    releases = site.solution_releases(calendar, custom)
    assert releases["hw01"] == calendar.due(HOMEWORK_BY_ID["hw01"]) + timedelta(days=2)
    assert str(releases["hw03"].date()) == "2026-03-01"
    assert releases["hw04"] is None
    custom.write_text(table + "\n[solution_release]\nhw99 = 2026-03-01\n", encoding="utf-8")
    with pytest.raises(CourseError, match="hw99"):
        site.solution_releases(calendar, custom)


def test_the_site_date_comes_from_the_environment():
    calendar = load_calendar()
    moment = site.site_moment(calendar, {"COURSE_SITE_DATE": "2026-02-03"})
    assert (moment.date().isoformat(), moment.tzinfo) == ("2026-02-03", calendar.timezone)
    with pytest.raises(CourseError, match="COURSE_SITE_DATE"):
        site.site_moment(calendar, {"COURSE_SITE_DATE": "next tuesday"})


def test_a_notebook_becomes_a_page_with_its_answer_cells_marked(tmp_path):
    """Any folder of student notebooks can be published (COURSE_SITE_WORKSHEETS)."""
    folder = tmp_path / "student-versions" / "w02-stand-in"
    folder.mkdir(parents=True)
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# A stand-in worksheet\n"},
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade": False}},
                "source": "# YOUR CODE HERE\nraise NotImplementedError()",
                "outputs": [],
            },
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"grade": True, "solution": False, "points": 2}},
                "source": "assert ANSWER == 42",
                "outputs": [],
            },
        ],
        "metadata": {"kernelspec": {"language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "stand-in.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    stage = site.released_notebooks({site.WORKSHEETS_VARIABLE: str(folder.parent)})
    [worksheet] = site.student_worksheets(stage)
    assert (worksheet.assignment, worksheet.week) == ("w02-stand-in", 2)
    assert worksheet.page_uri == "worksheets/w02-stand-in/stand-in.md"
    assert (worksheet.src_dir / worksheet.src_uri).is_file()
    page = site.notebook_page(worksheet)
    assert "[:material-download: Download stand-in.ipynb](stand-in.ipynb)" in page
    assert '```python title="your answer"' in page
    assert '```python title="check, 2 points"' in page


# --- in a real browser ------------------------------------------------------------------------


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
    sessions = [s for s in site.lesson_sources() if s.kind == "session"]
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
