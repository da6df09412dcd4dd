"""Rows a student can act on: what was expected, what the app did, and where it failed."""

import json
from pathlib import Path

from courseware.render import rendered, write_tree
from tests.support.commands import run_course


def buggy_week_5(destination: Path) -> Path:
    """The week-5 reference with two bugs: leaving answers 200, members come newest first."""
    write_tree(rendered(5, "reference"), destination)
    for file, find, replace in [
        (
            "coursehub/routes/groups.py",
            "    return Response(status_code=status.HTTP_204_NO_CONTENT)",
            "    return Response(status_code=status.HTTP_200_OK)",
        ),
        (
            "coursehub/models/group.py",
            "for membership in self.memberships]",
            "for membership in self.memberships][::-1]",
        ),
    ]:
        path = destination / file
        text = path.read_text()
        assert text.count(find) == 1, (file, find)
        path.write_text(text.replace(find, replace))
    return destination


def test_failed_rows_say_what_was_expected_what_the_app_did_and_where(tmp_path):
    submission = buggy_week_5(tmp_path / "student")
    out = tmp_path / "result.json"
    graded = run_course("grade", "hw04", str(submission), "--format", "json", "--out", str(out))
    assert graded.returncode == 0, graded.stderr
    rows = {t["name"]: t for t in json.loads(out.read_text())["tests"]}

    left = rows["leave group removes the current user"]["output"]
    assert "Failed at line " in left and "assert response.status_code == 204" in left
    assert "Expected status 204, your app answered 200." in left

    # A visible bare assert on a value: both values, as the test compares them.
    joined = rows["join group adds the current user"]["output"]
    assert "Expected `['alice', 'dave']`, your app gave `['dave', 'alice']`." in joined

    # A hidden row: the status it expected, never the values or the test's code.
    hidden = [t for t in rows.values() if t["visibility"] == "hidden" and t["status"] == "failed"]
    assert hidden
    assert any("Expected status 204, your app answered 200." in t["output"] for t in hidden)
    assert not any("Failed at line" in t["output"] or "`" in t["output"] for t in hidden)
