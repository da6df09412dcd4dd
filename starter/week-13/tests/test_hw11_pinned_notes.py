"""HW11 contract: notes can be pinned, by a migration that keeps every row, and the OpenAPI
document says so.

POST  /api/groups/{id}/notes   `pinned` optional (default false), shown; no boolean: 422
PATCH /api/notes/{id}          the owner pins and unpins; null refused; others as in HW7
GET   /api/groups/{id}/notes   ?pinned=true only the pinned, false only the others, none all,
                               oldest first; a value that is no boolean: 422
the database                   made by the migrations: notes.pinned BOOLEAN NOT NULL, false
                               for the notes stored without it
GET   /openapi.json            pinned in NoteCreate / NoteRead / NoteUpdate and in the query,
                               every status of the three routes documented

Each test writes the notes of a group of its own (alice's, which bob joins), so the tests run
in any order and on a live server.
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw11")

NOT_BOOLEANS = (None, 2, "maybe", [True])


@pytest.fixture
def group(client, auth, unique):
    """A new group of alice's, which bob joins: two members, no notes."""
    created = client.post(
        "/api/groups", json={"name": unique("Pinned notes"), "course_id": 2}, headers=auth("alice")
    )
    assert created.status_code == 201, created.text
    joined = client.post(f"/api/groups/{created.json()['id']}/members", headers=auth("bob"))
    assert joined.status_code == 201, joined.text
    return created.json()


@pytest.fixture
def write(client, auth, unique, group):
    """A note in the group, by alice unless told; `pinned` is sent only when given."""

    def create(writer: str = "alice", **fields) -> dict:
        payload = {"title": unique("Note"), **fields}
        response = client.post(
            f"/api/groups/{group['id']}/notes", json=payload, headers=auth(writer)
        )
        assert response.status_code == 201, response.text
        return response.json()

    return create


def listed(client, auth, group, query: str = "", reader: str = "alice") -> list[dict]:
    response = client.get(f"/api/groups/{group['id']}/notes" + query, headers=auth(reader))
    assert response.status_code == 200, response.text
    return response.json()


SAMPLE_NOTES = ("Session checklist", "Where we meet", "Induction, step by step")


def pinned_in_db(db, note: dict) -> bool:
    """The note's `pinned` as stored (SQLite keeps 1 or 0, PostgreSQL true or false)."""
    value = db("SELECT pinned FROM notes WHERE id = :id", id=note["id"])[0]["pinned"]
    assert value in (0, 1), f"notes.pinned holds {value!r}, not a boolean"
    return bool(value)


@pytest.mark.contract(
    "POST /api/groups/{group_id}/notes",
    "input pinned",
    "behavior 1",
    "behavior 2",
    "output 201",
    "output pinned",
    "error 422",
)
def test_a_note_is_written_pinned_or_not_and_a_non_boolean_is_refused(
    client, auth, unique, group, write, db
):
    pinned, unpinned, left_out = write(pinned=True), write(pinned=False), write()
    assert (pinned["pinned"], unpinned["pinned"], left_out["pinned"]) == (True, False, False)
    assert [pinned_in_db(db, n) for n in (pinned, unpinned, left_out)] == [True, False, False]
    for value in NOT_BOOLEANS:
        title = unique("Refused")
        refused = client.post(
            f"/api/groups/{group['id']}/notes",
            json={"title": title, "pinned": value},
            headers=auth("bob"),
        )
        error_of(refused, 422)
        assert db("SELECT id FROM notes WHERE title = :title", title=title) == []


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}",
    "input pinned",
    "behavior 1",
    "behavior 2",
    "behavior 3",
    "output 200",
    "error 422",
)
def test_the_owner_pins_and_unpins_and_null_is_refused(client, auth, write, db):
    note = write(body="Keep this body.")
    url = f"/api/notes/{note['id']}"
    pinned = client.patch(url, json={"pinned": True}, headers=auth("alice"))
    assert pinned.status_code == 200
    assert pinned.json()["pinned"] is True
    assert (pinned.json()["title"], pinned.json()["body"]) == (note["title"], "Keep this body.")
    assert pinned.json()["created_at"] == note["created_at"]
    renamed = client.patch(url, json={"title": "Renamed"}, headers=auth("alice"))
    assert renamed.status_code == 200
    assert (renamed.json()["title"], renamed.json()["pinned"]) == ("Renamed", True)
    for value in (None, "maybe"):
        error_of(client.patch(url, json={"pinned": value}, headers=auth("alice")), 422)
    assert pinned_in_db(db, note) is True
    unpinned = client.patch(url, json={"pinned": False}, headers=auth("alice"))
    assert unpinned.status_code == 200
    assert unpinned.json()["pinned"] is False
    assert pinned_in_db(db, note) is False


@pytest.mark.contract(
    "PATCH /api/notes/{note_id}", "behavior 4", "error 401", "error 403", "error 404"
)
def test_only_the_owner_pins_a_note(client, auth, write, db, missing_id):
    note = write("bob")
    url = f"/api/notes/{note['id']}"
    assert error_of(client.patch(url, json={"pinned": True}), 401)["code"] == "not_authenticated"
    assert error_of(client.patch(url, json={"pinned": True}, headers=auth("alice")), 403)
    outsider = error_of(client.patch(url, json={"pinned": True}, headers=auth("dave")), 404)
    unknown = client.patch(f"/api/notes/{missing_id()}", json={"pinned": True}, headers=auth("bob"))
    assert error_of(unknown, 404)["code"] == outsider["code"] == "not_found"
    assert pinned_in_db(db, note) is False
    mine = client.patch(url, json={"pinned": True}, headers=auth("bob"))
    assert mine.status_code == 200
    assert mine.json()["pinned"] is True


@pytest.mark.contract(
    "GET /api/groups/{group_id}/notes",
    "input pinned",
    "behavior 2",
    "behavior 3",
    "behavior 4",
    "output 200",
    "error 422",
)
def test_the_list_holds_the_pinned_or_the_other_notes_oldest_first(client, auth, group, write):
    first, second = write(pinned=True), write("bob")
    third, fourth = write("bob", pinned=True), write()

    def ids(query: str = "") -> list[int]:
        return [note["id"] for note in listed(client, auth, group, query)]

    assert ids("?pinned=true") == [first["id"], third["id"]]
    assert ids("?pinned=false") == [second["id"], fourth["id"]]
    assert ids() == [first["id"], second["id"], third["id"], fourth["id"]]
    assert all(note["pinned"] is True for note in listed(client, auth, group, "?pinned=true"))
    moved = client.patch(f"/api/notes/{fourth['id']}", json={"pinned": True}, headers=auth("alice"))
    assert moved.status_code == 200
    assert ids("?pinned=true") == [first["id"], third["id"], fourth["id"]]
    assert ids("?pinned=false") == [second["id"]]
    refused = client.get(
        f"/api/groups/{group['id']}/notes", params={"pinned": "maybe"}, headers=auth("alice")
    )
    errors = error_of(refused, 422)["errors"]
    assert [(e["field"], e["location"]) for e in errors] == [("pinned", "query")]


@pytest.mark.contract("Migration: notes.pinned", "behavior 1", "behavior 3", "behavior 5")
def test_the_migrations_made_the_column_and_older_notes_read_unpinned(
    client, auth, database_url, db
):
    """The migrations made notes.pinned a boolean, never null, that reads false by default.

    The app migrated its new database when it started; the sample notes were stored afterwards
    by SQL that leaves `pinned` out, so what they read is the database's own default."""
    versions = db("SELECT version_num FROM alembic_version")
    assert len(versions) == 1 and versions[0]["version_num"] != "0001", versions
    if database_url.startswith("sqlite"):
        columns = {row["name"]: row for row in db("PRAGMA table_info(notes)")}
        assert columns["pinned"]["type"].upper() == "BOOLEAN"
        assert columns["pinned"]["notnull"] == 1
    else:
        columns = db(
            "SELECT data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'notes' AND column_name = 'pinned'"
        )
        assert columns == [{"data_type": "boolean", "is_nullable": "NO"}]
    [debuggers] = [
        g for g in client.get("/api/groups").json() if g["name"] == "Late-night debuggers"
    ]
    sample = [n for n in listed(client, auth, debuggers) if n["title"] in SAMPLE_NOTES]
    assert sample, "alice's sample group has its sample notes"
    assert [note["pinned"] for note in sample] == [False] * len(sample)
    stored = db(
        "SELECT pinned FROM notes WHERE title IN (:a, :b, :c)",
        a=SAMPLE_NOTES[0],
        b=SAMPLE_NOTES[1],
        c=SAMPLE_NOTES[2],
    )
    assert stored and [row["pinned"] for row in stored] == [False] * len(stored)


def documented_statuses(document: dict, method: str, path: str) -> set[int]:
    return {int(status) for status in document["paths"][path][method]["responses"]}


@pytest.mark.contract(
    "GET /openapi.json",
    "output 200",
    "output NoteCreate",
    "output NoteRead",
    "output NoteUpdate",
    "output pinned",
    "output responses",
)
def test_the_document_shows_pinned_and_every_status_of_the_notes_routes(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    schemas = document["components"]["schemas"]
    create = schemas["NoteCreate"]
    assert create["properties"]["pinned"]["type"] == "boolean"
    assert create["properties"]["pinned"]["default"] is False
    assert create["properties"]["pinned"]["description"].strip()
    assert "pinned" not in create.get("required", [])
    read = schemas["NoteRead"]
    assert read["properties"]["pinned"]["type"] == "boolean"
    assert "pinned" in read["required"]
    update = schemas["NoteUpdate"]
    assert update["properties"]["pinned"]["type"] == "boolean"  # one type: null is not one
    assert "pinned" not in update.get("required", [])
    listing = document["paths"]["/api/groups/{group_id}/notes"]["get"]
    [parameter] = [p for p in listing["parameters"] if p["name"] == "pinned"]
    assert parameter["in"] == "query" and not parameter.get("required", False)
    schema = parameter["schema"]
    assert "boolean" in [schema.get("type"), *(c.get("type") for c in schema.get("anyOf", []))]
    assert parameter["description"].strip()
    notes, note = "/api/groups/{group_id}/notes", "/api/notes/{note_id}"
    assert documented_statuses(document, "post", notes) >= {201, 401, 403, 404, 422}
    assert documented_statuses(document, "patch", note) >= {200, 401, 403, 404, 422}
    assert documented_statuses(document, "get", notes) >= {200, 401, 403, 404, 422}
    error = document["paths"][note]["patch"]["responses"]["403"]["content"]["application/json"]
    assert error["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
