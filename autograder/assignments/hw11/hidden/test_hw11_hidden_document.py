"""Hidden HW11 contracts of the OpenAPI document: it shows `pinned` where the API has it, its
examples hold, and every answer of the notes routes is one it documents."""

import pytest
from hw11_hidden_helpers import (
    NOTE,
    NOTES,
    OUTSIDERS,
    documented_schema,
    examples_in,
    forged,
    new_group,
    schema_errors,
    write,
)

pytestmark = pytest.mark.homework("hw11")


def the_document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    return response.json()


def types_of(schema):
    """The types a property's schema allows (`type`, or each choice of `anyOf`)."""
    if "anyOf" in schema:
        return sorted(t for choice in schema["anyOf"] for t in types_of(choice))
    kind = schema.get("type")
    return sorted(kind if isinstance(kind, list) else [kind] if kind else [])


@pytest.mark.contract(
    "GET /openapi.json",
    "paragraph 1",
    "output 200",
    "output NoteCreate",
    "output NoteRead",
    "output NoteUpdate",
)
def test_the_three_note_schemas_show_pinned_as_a_boolean(client):
    """GET /openapi.json shows `pinned` as a boolean in NoteCreate, NoteRead and NoteUpdate.

    GET /openapi.json shows `pinned` as a boolean in NoteCreate (optional, default false,
    described), NoteRead (required) and NoteUpdate (optional, never null)."""
    schemas = the_document(client)["components"]["schemas"]
    create, read, update = (schemas[name] for name in ("NoteCreate", "NoteRead", "NoteUpdate"))
    created = create["properties"]["pinned"]
    assert types_of(created) == ["boolean"]
    assert created.get("default") is False and "pinned" not in create.get("required", [])
    description = created.get("description", "")
    assert isinstance(description, str) and len(description.split()) >= 3
    assert types_of(read["properties"]["pinned"]) == ["boolean"]
    assert "pinned" in read["required"]
    assert types_of(update["properties"]["pinned"]) == ["boolean"]
    assert "pinned" not in update.get("required", [])
    for schema in (create, update):
        assert schema.get("additionalProperties") is False  # other fields are still refused


@pytest.mark.given
@pytest.mark.contract("GET /openapi.json", "output 200", "output pinned", "output examples")
def test_the_filter_is_documented_and_every_example_holds(client):
    """GET /openapi.json documents the `pinned` filter, and every example in it holds.

    GET /openapi.json documents the `pinned` query parameter of the notes list, and every
    example in the document is valid against its schema (given: the starter's route has it)."""
    document = the_document(client)
    listing = document["paths"][NOTES]["get"]
    found = [p for p in listing.get("parameters", []) if p["name"] == "pinned"]
    assert len(found) == 1
    parameter = found[0]
    assert parameter["in"] == "query" and parameter.get("required", False) is False
    assert "boolean" in types_of(parameter["schema"])
    assert len(parameter.get("description", "").split()) >= 3
    examples = examples_in(document)
    assert examples, "the document has examples"
    for place, schema, example in examples:
        assert schema_errors(document, schema, example) == [], place


@pytest.mark.contract("GET /openapi.json", "output responses")
@pytest.mark.contract("POST /api/groups/{group_id}/notes", "output 201", "output pinned")
@pytest.mark.contract("PATCH /api/notes/{note_id}", "output 200")
@pytest.mark.contract("GET /api/groups/{group_id}/notes", "output 200")
def test_every_answer_of_the_notes_routes_is_documented(client, auth, unique, missing_id):
    """Every answer of the three notes routes is documented, with the schema it has.

    Each status POST and GET /api/groups/{group_id}/notes and PATCH /api/notes/{note_id} answer
    is listed in GET /openapi.json, and each answer is valid against its schema."""
    document = the_document(client)
    group = new_group(client, auth, unique)
    note = write(client, auth, unique, group, "bob")
    notes, one = f"/api/groups/{group['id']}/notes", f"/api/notes/{note['id']}"
    unknown_group, unknown_note = f"/api/groups/{missing_id()}/notes", f"/api/notes/{missing_id()}"
    pin = {"pinned": True}
    title = {"title": unique("Documented"), "pinned": True}
    answers = {
        ("post", NOTES): [
            (201, client.post(notes, json=title, headers=auth("alice"))),
            (401, client.post(notes, json=title)),
            (403, client.post(notes, json=title, headers=auth(OUTSIDERS[0]))),
            (404, client.post(unknown_group, json=title, headers=auth("alice"))),
            (422, client.post(notes, json={"title": "x", "pinned": "maybe"}, headers=auth("bob"))),
        ],
        ("patch", NOTE): [
            (200, client.patch(one, json=pin, headers=auth("bob"))),
            (401, client.patch(one, json=pin, headers=forged(auth, "bob"))),
            (403, client.patch(one, json=pin, headers=auth("alice"))),
            (404, client.patch(unknown_note, json=pin, headers=auth("bob"))),
            (422, client.patch(one, json={"pinned": None}, headers=auth("bob"))),
        ],
        ("get", NOTES): [
            (200, client.get(notes + "?pinned=true", headers=auth("alice"))),
            (401, client.get(notes + "?pinned=true")),
            (403, client.get(notes + "?pinned=false", headers=auth(OUTSIDERS[1]))),
            (404, client.get(unknown_group + "?pinned=true", headers=auth("alice"))),
            (422, client.get(notes + "?pinned=maybe", headers=auth("alice"))),
        ],
    }
    for (method, path), responses in answers.items():
        for status, response in responses:
            assert response.status_code == status, (
                f"expected {status}, got {response.status_code} from {method.upper()} {path}"
            )
            schema = documented_schema(document, method, path, status)
            assert schema_errors(document, schema, response.json()) == [], (method, path, status)
    created = answers[("post", NOTES)][0][1].json()
    pinned = answers[("get", NOTES)][0][1].json()
    assert [(n["id"], n["pinned"]) for n in pinned] == [(note["id"], True), (created["id"], True)]
