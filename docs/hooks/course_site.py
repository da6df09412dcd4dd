"""mkdocs hooks of the course website. The logic lives in `course/site/`; these functions
only hand mkdocs what it decides, at the moments mkdocs asks for it."""

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from course.site.build import clear_caches, plan_site
from course.site.docs_placeholders import fill_site_placeholders
from course.site.edition import (
    INSTRUCTORS,
    PUBLIC,
    SITE_NAME_SUFFIX,
    edition_markdown,
    site_edition,
    with_banner,
)
from course.site.html_check import check_site
from course.site.leaks import find_leaks
from course.site.links import rewrite_links
from course.site.navigation import navigation
from course.site.placeholders import fill_placeholders
from course.site.plan import SitePlan
from course.site.pulled_pages import homework_footer, page_header
from course.site.secrets import collect_secrets
from course.site.sources import SourcePage
from courseware.errors import CourseError
from courseware.paths import REPO_ROOT

log = logging.getLogger("mkdocs.hooks.course_site")

MERMAID_SCRIPT = "assets/vendor/mermaid/mermaid.min.js"

_plan: SitePlan | None = None
_edition = PUBLIC
_sources: dict[str, SourcePage] = {}
_site_files: dict[Path, str] = {}


def _current_plan() -> SitePlan:
    if _plan is None:
        raise PluginError("course_site: on_config did not run")
    return _plan


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _plan, _edition
    clear_caches()
    try:
        _edition = site_edition()
        _plan = plan_site()
    except CourseError as error:
        raise PluginError(f"course site: {error}") from None
    log.info(
        "Building the %s edition of the site as of %s",
        "instructors'" if _edition == INSTRUCTORS else "public",
        _plan.moment.isoformat(timespec="minutes"),
    )
    if _edition == INSTRUCTORS:
        config.site_name += SITE_NAME_SUFFIX
    config.nav = navigation(_plan)
    return config


# Early, so that plugins which look at the files (search) see the ones added here.
@event_priority(50)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    plan = _current_plan()
    _sources.clear()
    _site_files.clear()

    def add(file: File) -> None:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(f"course site: docs/{file.src_uri} clashes with a generated page")
        files.append(file)

    for source in plan.sources:
        add(File.generated(config, source.src_uri, abs_src_path=str(source.path)))
        _sources[source.src_uri] = source
        _site_files[source.path.resolve()] = source.src_uri
    for path, src_uri in plan.assets:
        add(File.generated(config, src_uri, abs_src_path=str(path)))
        _site_files[path.resolve()] = src_uri
    for worksheet in plan.worksheets:
        # The notebook itself, to download; its page is among plan.pages.
        add(
            File(
                worksheet.src_uri,
                str(worksheet.src_dir),
                config.site_dir,
                config.use_directory_urls,
            )
        )
    for src_uri, content in {**plan.pages, **plan.files}.items():
        add(File.generated(config, src_uri, content=content))
    for file in files:
        if file.abs_src_path and not file.generated_by:
            _site_files[Path(file.abs_src_path).resolve()] = file.src_uri
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    plan = _current_plan()
    here = page.file.src_uri
    source = _sources.get(here)
    where = str(source.path.relative_to(REPO_ROOT)) if source else f"docs/{here}"
    try:
        if source is not None:
            # Answer keys and other instructors blocks: left out, or labelled (see edition).
            markdown = edition_markdown(markdown, where, _edition)
            markdown = page_header(plan, source, markdown) + "\n" + markdown
            if source.kind == "homework":
                markdown += "\n" + homework_footer(plan, source, here)
            markdown = rewrite_links(
                markdown, source.path, here, _site_files, plan.worksheets, config.repo_url
            )
            # Only pages from lessons/ use the lesson placeholders; the site's own pages may
            # show them as examples.
            return fill_placeholders(markdown, page.meta, plan.calendar, where)
        return fill_site_placeholders(markdown, plan, here)
    except CourseError as error:
        raise PluginError(f"course site: {error}") from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Pages with diagrams load the Mermaid bundle shipped with the site, not a CDN copy; every
    page of the instructors' edition says which edition it is."""
    if _edition == INSTRUCTORS:
        output = with_banner(output)
    if 'class="mermaid"' not in output:
        return output
    script = get_relative_url(MERMAID_SCRIPT, page.url)
    return output.replace("</head>", f'<script src="{script}"></script>\n</head>', 1)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """The pages mkdocs makes from the theme alone (404.html) carry the banner too."""
    if _edition == INSTRUCTORS and template_name.endswith(".html"):
        return with_banner(output_content)
    return output_content


def on_post_build(config: MkDocsConfig) -> None:
    plan = _current_plan()
    try:
        # The instructors' edition shows the instructors blocks on purpose; nothing else.
        secrets = collect_secrets(
            plan.moment, plan.releases, instructor_blocks=_edition != INSTRUCTORS
        )
    except CourseError as error:
        raise PluginError(f"course site: {error}") from None
    leaks = find_leaks(Path(config.site_dir), secrets)
    for leak in leaks:
        log.error("Private material in the site: %s", leak)
    if leaks:
        raise PluginError(
            f"course site: {len(leaks)} page(s) show private material (see above); the site "
            "must not be published like this"
        )
    log.info("Leak check: %d secret file(s) checked, none in the site", len(secrets))
    findings = check_site(Path(config.site_dir))
    for finding in findings:
        log.error("Page defect: %s", finding)
    if findings:
        raise PluginError(
            f"course site: {len(findings)} defect(s) in the built pages (see above); fix them "
            "where each says"
        )
    log.info("HTML check: no run-on list, repeated title or over-wide diagram")
