"""What the hidden HW11 checks share: a group of their own with notes in it, the rows behind
them, and a check of a value against a schema of the app's OpenAPI document.

The schema check is written here rather than taken from a JSON Schema library: the grader's
environment (and a Gradescope image) holds only what the week's app needs plus pytest and
httpx. It knows the keywords FastAPI and Pydantic write, and refuses any other, so a document
that uses one it does not know fails loudly instead of passing unchecked.
"""

import re

# Sample users: alice, bob and dave are verified students, carol an instructor, erin an admin.
# alice makes every group here and bob joins it; dave, carol and erin are outsiders.
OUTSIDERS = ("dave", "carol", "erin")
SAMPLE_NOTES = ("Session checklist", "Where we meet", "Induction, step by step")
NOTES = "/api/groups/{group_id}/notes"
NOTE = "/api/notes/{note_id}"


def new_group(client, auth, unique, course_id=2):
    """A new group of alice's, which bob joins."""
    created = client.post(
        "/api/groups",
        json={"name": unique("Pinned notes"), "course_id": course_id},
        headers=auth("alice"),
    )
    assert created.status_code == 201, f"a new group: expected 201, got {created.status_code}"
    group = created.json()
    joined = client.post(f"/api/groups/{group['id']}/members", headers=auth("bob"))
    assert joined.status_code == 201, f"bob joining: expected 201, got {joined.status_code}"
    return group


def post_note(client, auth, group, writer="alice", **fields):
    """POST a note in the group; the response, whatever it is."""
    return client.post(f"/api/groups/{group['id']}/notes", json=fields, headers=auth(writer))


def write(client, auth, unique, group, writer="alice", **fields):
    """A new note in the group (its `pinned` sent only when given)."""
    response = post_note(client, auth, group, writer, title=unique("Note"), **fields)
    assert response.status_code == 201, f"a new note: expected 201, got {response.status_code}"
    return response.json()


def list_ids(client, auth, group, query="", reader="alice"):
    response = client.get(f"/api/groups/{group['id']}/notes" + query, headers=auth(reader))
    assert response.status_code == 200, (
        f"the notes{query}: expected 200, got {response.status_code}"
    )
    return [note["id"] for note in response.json()]


def note_row(db, note):
    """The note as stored, `pinned` as a Python bool (SQLite keeps 1 or 0)."""
    rows = db("SELECT title, body, pinned, updated_at FROM notes WHERE id = :id", id=note["id"])
    assert len(rows) == 1, "the note is stored once"
    row = rows[0]
    assert row["pinned"] in (0, 1), "notes.pinned holds a boolean"
    return {**row, "pinned": bool(row["pinned"])}


def forged(auth, username="alice"):
    """A bearer token the app did not sign: a real one with its signature changed."""
    return {"Authorization": "Bearer " + auth(username)["Authorization"][7:-4] + "AAAA"}


# -- JSON Schema, as far as the app's document uses it ------------------------------------

ANNOTATIONS = {"title", "description", "default", "examples", "format", "deprecated"}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def resolve(document, reference):
    assert reference.startswith("#/"), f"a $ref outside the document: {reference}"
    node = document
    for part in reference[2:].split("/"):
        node = node[part]
    return node


def schema_errors(document, schema, value, where="value"):
    """Why `value` is not valid against `schema` (a schema of `document`); [] when it is."""
    if "$ref" in schema:
        return schema_errors(document, resolve(document, schema["$ref"]), value, where)
    errors = []
    for keyword, rule in schema.items():
        if keyword in ANNOTATIONS:
            continue
        check = KEYWORDS.get(keyword)
        assert check is not None, f"the schema check does not know the keyword {keyword!r}"
        errors += check(document, schema, rule, value, where)
    return errors


def _type(document, schema, rule, value, where):
    names = rule if isinstance(rule, list) else [rule]
    return [] if any(TYPES[name](value) for name in names) else [f"{where} is not {rule}"]


def _properties(document, schema, rule, value, where):
    if not isinstance(value, dict):
        return []
    return [
        error
        for name, sub in rule.items()
        if name in value
        for error in schema_errors(document, sub, value[name], f"{where}.{name}")
    ]


def _required(document, schema, rule, value, where):
    if not isinstance(value, dict):
        return []
    return [f"{where} has no {name}" for name in rule if name not in value]


def _additional(document, schema, rule, value, where):
    if not isinstance(value, dict):
        return []
    extra = [name for name in value if name not in schema.get("properties", {})]
    if rule is False:
        return [f"{where} has {name}, which the schema does not allow" for name in extra]
    if rule is True:
        return []
    return [e for name in extra for e in schema_errors(document, rule, value[name], where)]


def _items(document, schema, rule, value, where):
    if not isinstance(value, list):
        return []
    return [
        error
        for index, item in enumerate(value)
        for error in schema_errors(document, rule, item, f"{where}[{index}]")
    ]


def _any_of(document, schema, rule, value, where):
    if any(not schema_errors(document, choice, value, where) for choice in rule):
        return []
    return [f"{where} matches none of its choices"]


def _all_of(document, schema, rule, value, where):
    return [e for choice in rule for e in schema_errors(document, choice, value, where)]


def _bound(test, words):
    def check(document, schema, rule, value, where):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return []
        return [] if test(value, rule) else [f"{where} is {words} {rule}"]

    return check


def _length(test, words):
    def check(document, schema, rule, value, where):
        if not isinstance(value, str):
            return []
        return [] if test(len(value), rule) else [f"{where} is {words} {rule} characters"]

    return check


def _pattern(document, schema, rule, value, where):
    if not isinstance(value, str) or re.search(rule, value):
        return []
    return [f"{where} does not match {rule}"]


def _enum(document, schema, rule, value, where):
    return [] if value in rule else [f"{where} is none of {rule}"]


def _const(document, schema, rule, value, where):
    return [] if value == rule else [f"{where} is not {rule!r}"]


KEYWORDS = {
    "type": _type,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional,
    "items": _items,
    "anyOf": _any_of,
    "oneOf": _any_of,  # Pydantic writes oneOf only for unions whose choices never overlap
    "allOf": _all_of,
    "minimum": _bound(lambda v, r: v >= r, "below"),
    "maximum": _bound(lambda v, r: v <= r, "above"),
    "exclusiveMinimum": _bound(lambda v, r: v > r, "not above"),
    "exclusiveMaximum": _bound(lambda v, r: v < r, "not below"),
    "minLength": _length(lambda n, r: n >= r, "shorter than"),
    "maxLength": _length(lambda n, r: n <= r, "longer than"),
    "pattern": _pattern,
    "enum": _enum,
    "const": _const,
}


def examples_in(node, path="#"):
    """Every (place, schema, example) of the document: each `examples` value beside the
    schema it stands in, and each media type's `example`."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("examples"), list):
            bare = {k: v for k, v in node.items() if k != "examples"}
            found += [(path, bare, example) for example in node["examples"]]
        if "example" in node and "schema" in node:
            found.append((path, node["schema"], node["example"]))
        for key, child in node.items():
            found += examples_in(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += examples_in(child, f"{path}/{index}")
    return found


def documented_schema(document, method, path, status):
    """The schema the document gives for the JSON body of this answer."""
    responses = document["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    return responses[str(status)]["content"]["application/json"]["schema"]
