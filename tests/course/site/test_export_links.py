"""Every link an exported student repository gives to the course website is a page (or file)
that the strict build of the site wrote."""

import re

import pytest

from course.export.repository import export_week
from tests.course.test_export import EXPORTABLE_WEEKS

SITE_URL = "https://course.example/coursehub/"


@pytest.mark.parametrize("week", EXPORTABLE_WEEKS)
def test_every_link_to_the_site_is_a_page_it_builds(week, site_dir, tmp_path):
    exported = export_week(week, tmp_path / "repo", site_url=SITE_URL)
    followed = []
    for name in ("README.md", "PLAN.md"):
        text = (exported.student / name).read_text(encoding="utf-8")
        for address in re.findall(rf"\]\({re.escape(SITE_URL)}([^)#\s]*)", text):
            built = site_dir / address
            assert (
                built / "index.html" if address.endswith("/") or not address else built
            ).is_file(), f"{name} links to {SITE_URL}{address}, which the site does not build"
            followed.append(address)
    assert "" in followed and "schedule/" in followed  # the site's home and its schedule
    if week in (1, 2, 4):  # their homework pages cite handouts
        assert [address for address in followed if "/handouts/" in address], followed
