"""Hidden HW11 contracts of the notes: pinned on create, pinned and unpinned by the owner
only, lists filtered on it, and the column the migrations made."""

import re
from datetime import datetime

import pytest
from hw11_hidden_helpers import (
    OUTSIDERS,
    SAMPLE_NOTES,
    forged,
    list_ids,
    new_group,
    note_row,
    post_note,
    write,
)

from helpers import error_of

pytestmark = pytest.mark.homework("hw11")

NOT_BOOLEANS = (None, 2, -1, "maybe", "", [True], {"pinned": True})


# -- POST /api/groups/{group_id}/notes ---------------------------------------------------


@pytest.mark.contract(
    "POST /api/groups/{group_id}/notes",
    "input pinned",
    "behavior 1",
    "output 201",
    "output pinned",
)
@pytest.mark.contract("GET /api/groups/{group_id}/notes", "output 200")
def test_a_note_written_without_pinned_is_not_pinned(client, auth, unique, db):
    """POST /api/groups/{group_id}/notes without `pinned` stores and shows false."""
    group = new_group(client, auth, unique)
    created = post_note(client, auth, group, "bob", title=unique("Plain"), body="No pin.")
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    note = created.json()
    assert note["pinned"] is False
    assert created.headers["location"] == f"/api/notes/{note['id']}"
    assert (note["group_id"], note["owner"]["username"], note["body"]) == (
        group["id"],
        "bob",
        "No pin.",
    )
    assert note_row(db, note)["pinned"] is False
    shown = client.get(f"/api/groups/{group['id']}/notes", headers=auth("alice")).json()
    assert [(n["id"], n["pinned"]) for n in shown] == [(note["id"], False)]


@pytest.mark.contract(
    "POST /api/groups/{group_id}/notes",
    "input pinned",
    "behavior 1",
    "output 201",
    "output pinned",
)
def test_a_note_written_pinned_is_stored_pinned(client, auth, unique, db):
    """POST /api/groups/{group_id}/notes with `pinned` true or false stores and shows it."""
    group = new_group(client, auth, unique)
    pinned = write(client, auth, unique, group, "alice", pinned=True, body="Pinned.")
    unpinned = write(client, auth, unique, group, "bob", pinned=False)
    assert (pinned["pinned"], unpinned["pinned"]) == (True, False)
    assert pinned["body"] == "Pinned." and pinned["created_at"] == pinned["updated_at"]
    assert (note_row(db, pinned)["pinned"], note_row(db, unpinned)["pinned"]) == (True, False)
    shown = client.get(f"/api/groups/{group['id']}/notes", headers=auth("bob")).json()
    assert [n["pinned"] for n in shown] == [True, False]


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "behavior 2", "error 422")
def test_a_pinned_that_is_no_boolean_is_refused_on_create(client, auth, unique, db):
    """POST /api/groups/{group_id}/notes refuses a `pinned` that is no boolean with 422.

    POST /api/groups/{group_id}/notes answers 422 for a `pinned` that is no boolean and stores
    nothing."""
    group = new_group(client, auth, unique)
    write(client, auth, unique, group, pinned=True)
    for value in NOT_BOOLEANS:
        title = unique("Refused")
        body = error_of(post_note(client, auth, group, title=title, pinned=value), 422)
        assert "pinned" in [error["field"] for error in body["errors"]]
        assert db("SELECT id FROM notes WHERE title = :t", t=title) == []
    rows = db("SELECT count(*) AS n FROM notes WHERE group_id = :g", g=group["id"])
    assert rows[0]["n"] == 1


@pytest.mark.contract("POST /api/groups/{group_id}/notes", "paragraph 1")
def test_writing_a_pinned_note_keeps_the_401_403_and_404(client, auth, unique, db, missing_id):
    """POST /api/groups/{group_id}/notes with `pinned` keeps HW7's 401, 403 and 404.

    POST /api/groups/{group_id}/notes with `pinned` still answers 401 without a token, 404 for
    an unknown group and 403 for a non-member, and stores nothing."""
    group = new_group(client, auth, unique)
    title = unique("Not stored")
    url = f"/api/groups/{group['id']}/notes"
    payload = {"title": title, "pinned": True}
    error_of(client.post(url, json=payload), 401)
    error_of(client.post(url, json=payload, headers=forged(auth)), 401)
    for outsider in OUTSIDERS:
        assert error_of(client.post(url, json=payload, headers=auth(outsider)), 403)
    unknown = f"/api/groups/{missing_id()}/notes"
    assert error_of(client.post(unknown, json=payload, headers=auth("alice")), 404)
    assert db("SELECT id FROM notes WHERE title = :t", t=title) == []
    assert post_note(client, auth, group, **payload).status_code == 201


# -- PATCH /api/notes/{note_id} ----------------------------------------------------------


@pytest.mark.contract("PATCH /api/notes/{note_id}", "input pinned", "behavior 1", "output 200")
def test_the_owner_pins_and_unpins_and_updated_at_moves(client, auth, unique, db):
    """PATCH /api/notes/{note_id} lets the owner pin and unpin, with a new `updated_at`.

    PATCH /api/notes/{note_id} with `pinned` by the owner answers 200 with the new value, a new
    `updated_at` and everything else as it was."""
    group = new_group(client, auth, unique)
    note = write(client, auth, unique, group, "bob", body="Stays.")
    url = f"/api/notes/{note['id']}"
    before = note
    for value in (True, False, True):
        changed = client.patch(url, json={"pinned": value}, headers=auth("bob"))
        assert changed.status_code == 200, f"expected 200, got {changed.status_code}"
        after = changed.json()
        assert after["pinned"] is value
        assert note_row(db, note)["pinned"] is value
        assert {k: after[k] for k in ("id", "title", "body", "owner", "group_id")} == {
            k: note[k] for k in ("id", "title", "body", "owner", "group_id")
        }
        assert after["created_at"] == note["created_at"]
        assert datetime.fromisoformat(after["updated_at"]) >= datetime.fromisoformat(
            before["updated_at"]
        )
        before = after
    assert datetime.fromisoformat(before["updated_at"]) > datetime.fromisoformat(note["updated_at"])


@pytest.mark.contract("PATCH /api/notes/{note_id}", "input pinned", "behavior 2")
def test_a_patch_of_other_fields_keeps_pinned_and_fields_sent_together_change(
    client, auth, unique, db
):
    """PATCH /api/notes/{note_id} changes the fields sent together and keeps the others.

    PATCH /api/notes/{note_id} of `title` or `body` alone keeps `pinned`; `pinned` with `title`
    changes both."""
    group = new_group(client, auth, unique)
    note = write(client, auth, unique, group, pinned=True, body="First body.")
    url = f"/api/notes/{note['id']}"
    renamed = client.patch(url, json={"title": "Renamed"}, headers=auth("alice"))
    assert renamed.status_code == 200
    assert (renamed.json()["title"], renamed.json()["pinned"]) == ("Renamed", True)
    rebodied = client.patch(url, json={"body": "Second body."}, headers=auth("alice"))
    assert (rebodied.json()["body"], rebodied.json()["pinned"]) == ("Second body.", True)
    both = client.patch(url, json={"pinned": False, "title": "Both"}, headers=auth("alice"))
    assert both.status_code == 200
    assert (both.json()["title"], both.json()["body"], both.json()["pinned"]) == (
        "Both",
        "Second body.",
        False,
    )
    row = note_row(db, note)
    assert (row["title"], row["body"], row["pinned"]) == ("Both", "Second body.", False)
    pinned_only = client.patch(url, json={"pinned": True}, headers=auth("alice"))
    assert (pinned_only.json()["title"], pinned_only.json()["body"]) == ("Both", "Second body.")


@pytest.mark.contract("PATCH /api/notes/{note_id}", "input pinned", "behavior 3", "error 422")
def test_a_null_or_non_boolean_pinned_changes_nothing(client, auth, unique, db):
    """PATCH /api/notes/{note_id} refuses a null or non-boolean `pinned` and changes nothing.

    PATCH /api/notes/{note_id} answers 422 for a `pinned` that is null or no boolean, and the
    note keeps every value."""
    group = new_group(client, auth, unique)
    note = write(client, auth, unique, group, pinned=True)
    url = f"/api/notes/{note['id']}"
    kept = note_row(db, note)
    for value in NOT_BOOLEANS:
        error_of(client.patch(url, json={"pinned": value}, headers=auth("alice")), 422)
        error_of(
            client.patch(url, json={"pinned": value, "title": "Half"}, headers=auth("alice")), 422
        )
    assert note_row(db, note) == kept
    assert client.patch(url, json={"pinned": False}, headers=auth("alice")).status_code == 200


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}",
    "paragraph 1",
    "behavior 4",
    "error 401",
    "error 403",
    "error 404",
)
def test_only_the_owner_pins_and_others_change_nothing(client, auth, unique, db, missing_id):
    """PATCH /api/notes/{note_id}: only the owner pins; 401, 403 and 404 change nothing.

    PATCH /api/notes/{note_id} with `pinned` answers 401 without a token, 403 to a member who
    does not own the note, 404 to everyone else, and changes nothing."""
    group = new_group(client, auth, unique)
    note = write(client, auth, unique, group, "bob")
    url = f"/api/notes/{note['id']}"
    kept = note_row(db, note)
    for headers in ({}, forged(auth, "bob")):
        error_of(client.patch(url, json={"pinned": True}, headers=headers), 401)
    assert error_of(client.patch(url, json={"pinned": True}, headers=auth("alice")), 403)
    unknown = error_of(
        client.patch(f"/api/notes/{missing_id()}", json={"pinned": True}, headers=auth("bob")),
        404,
    )
    for outsider in OUTSIDERS:
        hidden = error_of(client.patch(url, json={"pinned": True}, headers=auth(outsider)), 404)
        assert hidden["code"] == unknown["code"]
        assert re.sub(r"\d+", "#", hidden["detail"]) == re.sub(r"\d+", "#", unknown["detail"])
    assert note_row(db, note) == kept
    mine = client.patch(url, json={"pinned": True}, headers=auth("bob"))
    assert mine.status_code == 200 and mine.json()["pinned"] is True


@pytest.mark.contract("PATCH /api/notes/{note_id}", "behavior 4", "output 200")
def test_the_owner_pins_after_leaving_and_a_former_member_may_not(client, auth, unique, db):
    """PATCH /api/notes/{note_id}: the owner pins after leaving the group; others get 404.

    PATCH /api/notes/{note_id}: the owner still pins a note after leaving its group; a member
    who left and does not own it gets 404."""
    group = new_group(client, auth, unique)
    bobs = write(client, auth, unique, group, "bob")
    alices = write(client, auth, unique, group, "alice")
    left = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert left.is_success, f"bob leaving the group: got {left.status_code}"
    pinned = client.patch(f"/api/notes/{bobs['id']}", json={"pinned": True}, headers=auth("bob"))
    assert pinned.status_code == 200, f"expected 200, got {pinned.status_code}"
    assert pinned.json()["pinned"] is True
    error_of(
        client.patch(f"/api/notes/{alices['id']}", json={"pinned": True}, headers=auth("bob")),
        404,
    )
    assert note_row(db, alices)["pinned"] is False


# -- GET /api/groups/{group_id}/notes ----------------------------------------------------


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes",
    "input pinned",
    "behavior 3",
    "behavior 4",
    "output 200",
)
def test_the_filter_gives_the_pinned_the_others_or_all_oldest_first(client, auth, unique):
    """GET /api/groups/{group_id}/notes filters on `pinned`, each list oldest first.

    GET /api/groups/{group_id}/notes?pinned=true gives only the pinned notes, false only the
    others, none all of them, each list of this group only and oldest first."""
    group, other = new_group(client, auth, unique), new_group(client, auth, unique)
    pattern = (False, True, True, False, False, True, False)
    notes = [
        write(client, auth, unique, group, ("alice", "bob")[i % 2], pinned=value)
        for i, value in enumerate(pattern)
    ]
    write(client, auth, unique, other, pinned=True)
    write(client, auth, unique, other, pinned=False)
    pinned = [n["id"] for n, value in zip(notes, pattern, strict=True) if value]
    others = [n["id"] for n, value in zip(notes, pattern, strict=True) if not value]
    for reader in ("alice", "bob"):
        assert list_ids(client, auth, group, "?pinned=true", reader) == pinned
        assert list_ids(client, auth, group, "?pinned=false", reader) == others
        assert list_ids(client, auth, group, "", reader) == [n["id"] for n in notes]
    listed = client.get(
        f"/api/groups/{group['id']}/notes", params={"pinned": "true"}, headers=auth("bob")
    )
    assert [n["pinned"] for n in listed.json()] == [True] * len(pinned)
    assert {n["group_id"] for n in listed.json()} == {group["id"]}


@pytest.mark.contract("GET /api/groups/{group_id}/notes", "behavior 3", "behavior 4")
def test_a_patch_moves_a_note_from_one_list_to_the_other(client, auth, unique):
    """A note pinned or unpinned by PATCH moves at once to the other filtered list.

    A note pinned or unpinned by PATCH shows at once in the other list of GET
    /api/groups/{group_id}/notes."""
    group = new_group(client, auth, unique)
    first, second = write(client, auth, unique, group), write(client, auth, unique, group)
    assert list_ids(client, auth, group, "?pinned=true") == []
    assert list_ids(client, auth, group, "?pinned=false") == [first["id"], second["id"]]
    for note in (second, first):
        url = f"/api/notes/{note['id']}"
        assert client.patch(url, json={"pinned": True}, headers=auth("alice")).status_code == 200
    assert list_ids(client, auth, group, "?pinned=true") == [first["id"], second["id"]]
    assert list_ids(client, auth, group, "?pinned=false") == []
    url = f"/api/notes/{first['id']}"
    assert client.patch(url, json={"pinned": False}, headers=auth("alice")).status_code == 200
    assert list_ids(client, auth, group, "?pinned=true") == [second["id"]]
    assert list_ids(client, auth, group, "?pinned=false") == [first["id"]]


@pytest.mark.given
@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes", "behavior 1", "behavior 2", "error 401", "error 422"
)
def test_a_filter_that_is_no_boolean_is_refused_after_the_token(client, auth, unique, missing_id):
    """GET /api/groups/{group_id}/notes: 401 without a token, then 422 for a bad `pinned`.

    GET /api/groups/{group_id}/notes answers 401 without a token, then 422 for a `pinned` that
    is no boolean, even for a group that does not exist (given: the route takes it)."""
    group = new_group(client, auth, unique)
    url = f"/api/groups/{group['id']}/notes"
    for query in ("?pinned=maybe", "?pinned=", "?pinned=2"):
        error_of(client.get(url + query), 401)
        error_of(client.get(url + query, headers=forged(auth)), 401)
        body = error_of(client.get(url + query, headers=auth("bob")), 422)
        assert [(e["field"], e["location"]) for e in body["errors"]] == [("pinned", "query")]
        unknown = f"/api/groups/{missing_id()}/notes" + query
        error_of(client.get(unknown, headers=auth("alice")), 422)
        error_of(client.get(url + query, headers=auth("dave")), 422)


@pytest.mark.given
@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes", "paragraph 1", "behavior 5", "error 403", "error 404"
)
def test_a_filtered_list_keeps_the_403_and_404(client, auth, unique, missing_id):
    """GET /api/groups/{group_id}/notes with `pinned` keeps HW7's 403 and 404.

    GET /api/groups/{group_id}/notes?pinned=... answers 404 for an unknown group and 403 to a
    non-member, as without the filter (given: HW7's rule)."""
    group = new_group(client, auth, unique)
    for query in ("?pinned=true", "?pinned=false", ""):
        unknown = f"/api/groups/{missing_id()}/notes" + query
        assert error_of(client.get(unknown, headers=auth("alice")), 404)["code"] == "not_found"
        for outsider in OUTSIDERS:
            url = f"/api/groups/{group['id']}/notes" + query
            assert error_of(client.get(url, headers=auth(outsider)), 403)["code"] == "forbidden"


# -- the database the migrations made ----------------------------------------------------


@pytest.mark.contract("Migration: notes.pinned", "behavior 1", "behavior 3", "behavior 5")
def test_the_column_is_a_boolean_not_null_whose_default_is_the_databases(
    client, auth, database_url, db
):
    """The migrations made notes.pinned a BOOLEAN NOT NULL that the database fills with false.

    The migrations made notes.pinned a BOOLEAN NOT NULL whose default, false, the database
    applies itself; the notes stored without it read false."""
    versions = db("SELECT version_num FROM alembic_version")
    assert len(versions) == 1 and versions[0]["version_num"] != "0001"
    if database_url.startswith("sqlite"):
        columns = {row["name"]: row for row in db("PRAGMA table_info(notes)")}
        assert (columns["pinned"]["type"].upper(), columns["pinned"]["notnull"]) == ("BOOLEAN", 1)
    else:
        columns = db(
            "SELECT data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'notes' AND column_name = 'pinned'"
        )
        assert columns == [{"data_type": "boolean", "is_nullable": "NO"}]
    # An INSERT that leaves the column out, on what `db` reads (a copy of SQLite's file; on
    # PostgreSQL a transaction that is rolled back): the database's own default answers.
    inserted = db(
        "INSERT INTO notes (group_id, owner_id, title, body) "
        "SELECT group_id, owner_id, 'Default check', '' FROM notes WHERE title = :t "
        "RETURNING pinned",
        t=SAMPLE_NOTES[0],
    )
    assert [bool(row["pinned"]) for row in inserted] == [False]
    stored = db(
        "SELECT title, pinned FROM notes WHERE title IN (:a, :b, :c)",
        a=SAMPLE_NOTES[0],
        b=SAMPLE_NOTES[1],
        c=SAMPLE_NOTES[2],
    )
    assert stored and all(row["pinned"] in (0, False) for row in stored)
    groups = client.get("/api/groups").json()
    for group_name, reader in (("Late-night debuggers", "bob"), ("Proof readers", "dave")):
        [group] = [g for g in groups if g["name"] == group_name]
        shown = client.get(f"/api/groups/{group['id']}/notes", headers=auth(reader)).json()
        assert [n["pinned"] for n in shown if n["title"] in SAMPLE_NOTES]
        assert all(n["pinned"] is False for n in shown if n["title"] in SAMPLE_NOTES)
