"""Hidden HW5 contracts: the error format, positive ids and unknown fields (rules 1 to 3)."""

import pytest
from hw05_hidden_helpers import fields_of, items_of, new_course

from helpers import error_of

pytestmark = pytest.mark.homework("hw05")


@pytest.mark.contract("Rule 1", "paragraph 1", "item field", "item location")
def test_a_non_numeric_id_answers_422_in_the_path(client):
    """GET /api/groups/abc answers 422 naming the path parameter."""
    assert ("path", "group_id") in fields_of(client.get("/api/groups/abc"))


@pytest.mark.contract("Rule 1", "paragraph 1", "item code", "item field", "item location")
def test_login_validation_uses_the_app_error_format(client):
    """POST /api/auth/login without a password answers 422 in the app's error format."""
    assert ("body", "password") in fields_of(
        client.post("/api/auth/login", json={"username": "alice"})
    )


@pytest.mark.contract("Rule 2", "paragraph 1")
def test_ids_start_at_1_in_every_url(client):
    """The boundary of rule 2: an id of 1 is read as an id (200 or 404), an id of 0 is a 422."""
    for route in ("/api/courses/{}", "/api/courses/{}/groups", "/api/groups/{}"):
        one = client.get(route.format(1))
        assert one.status_code in (200, 404), (
            f"GET {route} with id 1: expected 200 or 404, got {one.status_code}"
        )
        error_of(client.get(route.format(0)), 422)


@pytest.mark.contract("Rule 3", "paragraph 1")
@pytest.mark.contract("PATCH /api/courses/{course_id}", "input null", "behavior 2", "error 422")
def test_patch_rejects_unknown_fields(client, auth, unique_code):
    """PATCH /api/courses/{id} with a field that does not exist answers 422."""
    created = client.post(
        "/api/courses",
        json={"code": (code := unique_code()), "title": f"Course {code}"},
        headers=auth("carol"),
    )
    assert created.status_code == 201
    response = client.patch(
        f"/api/courses/{created.json()['id']}", json={"owner": "me"}, headers=auth("carol")
    )
    assert ("body", "owner") in fields_of(response)


@pytest.mark.contract("Rule 3", "paragraph 1")
@pytest.mark.contract("POST /api/groups", "input line 6", "error 422")
def test_group_creation_rejects_unknown_fields(client, auth, unique):
    """POST /api/groups with a field that does not exist answers 422."""
    payload = {"name": unique("Extra"), "course_id": 1, "member_count": 0}
    assert ("body", "member_count") in fields_of(
        client.post("/api/groups", json=payload, headers=auth("bob"))
    )


@pytest.mark.contract("POST /api/courses", "input title", "behavior 4", "output 201")
@pytest.mark.contract("POST /api/groups", "input name", "output name")
def test_names_and_titles_are_stored_trimmed(client, auth, unique, unique_code, db):
    """Surrounding spaces are removed before storing a course title or a group name."""
    code, title = unique_code(), unique("Course")
    course = client.post(
        "/api/courses", json={"code": code, "title": f"  {title}  "}, headers=auth("carol")
    )
    assert course.status_code == 201 and course.json()["title"] == title
    name = unique("Trimmed")
    group = client.post(
        "/api/groups", json={"name": f"  {name}  ", "course_id": 1}, headers=auth("alice")
    )
    assert group.status_code == 201 and group.json()["name"] == name
    assert db("SELECT title FROM courses WHERE code = :c", c=code) == [{"title": title}]


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "paragraph 1",
    "input code",
    "behavior 2",
    "behavior 4",
    "output 200",
    "error 422",
)
def test_patch_upper_cases_and_checks_the_code(client, auth, unique_code):
    """PATCH /api/courses/{id} stores a new code upper-case and rejects a malformed one."""
    created = client.post(
        "/api/courses",
        json={"code": (code := unique_code()), "title": f"Course {code}"},
        headers=auth("carol"),
    )
    course_id = created.json()["id"]
    new_code = unique_code().lower().replace("tst", "pat")
    renamed = client.patch(
        f"/api/courses/{course_id}", json={"code": new_code}, headers=auth("carol")
    )
    assert renamed.status_code == 200, f"expected 200, got {renamed.status_code}"
    assert renamed.json()["code"] == new_code.upper()
    bad = client.patch(f"/api/courses/{course_id}", json={"code": "nope"}, headers=auth("carol"))
    assert ("body", "code") in fields_of(bad)


@pytest.mark.contract("POST /api/groups", "behavior 5")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 5", "behavior 6")
def test_a_full_group_keeps_its_members_in_the_database(client, auth, unique, db):
    """Joining a full group answers 409 and stores no membership."""
    group = client.post(
        "/api/groups",
        json={"name": unique("Tiny"), "course_id": 2, "max_members": 2},
        headers=auth("carol"),
    ).json()
    assert (
        client.post(f"/api/groups/{group['id']}/members", headers=auth("dave")).status_code == 201
    )
    assert (
        error_of(client.post(f"/api/groups/{group['id']}/members", headers=auth("erin")), 409)[
            "code"
        ]
        == "conflict"
    )
    rows = db("SELECT max_members FROM study_groups WHERE id = :g", g=group["id"])
    assert rows == [{"max_members": 2}]
    assert len(db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])) == 2


@pytest.mark.visibility("after_due_date")
@pytest.mark.contract("Rule 1", "item errors", "item location", "item message")
@pytest.mark.contract("POST /api/groups", "input course_id", "behavior 2", "error 422")
def test_every_validation_error_item_has_a_readable_message(client, auth):
    """Each item of `errors` has a non-empty field, location and message."""
    response = client.post(
        "/api/groups", json={"name": "", "course_id": -1, "max_members": 99}, headers=auth("alice")
    )
    body = error_of(response, 422)
    assert body.get("code") == "validation_error"
    items = body.get("errors", [])
    assert {e.get("field") for e in items} >= {"name", "course_id", "max_members"}
    assert all(e.get("message") and e.get("location") == "body" for e in items)


# --- Rule 1: the 422 format ---------------------------------------------------------------


@pytest.mark.contract("Rule 1", "paragraph 2")
def test_a_422_never_contains_the_client_input(client, auth, unique, unique_code):
    """A 422 answer never repeats a value the client sent, in any field of its body."""
    course = new_course(client, auth, unique_code)
    sent = [unique("Echo") for _ in range(8)]
    requests = [
        client.post(
            "/api/courses",
            json={
                "code": sent[0],
                "title": f"{sent[1]} " + "t" * 200,
                "credits": sent[2],
                "is_admin": sent[3],
            },
            headers=auth("carol"),
        ),
        client.patch(
            f"/api/courses/{course['id']}",
            json={"code": sent[4], "credits": sent[5]},
            headers=auth("carol"),
        ),
        client.post(
            "/api/groups",
            json={"name": f"{sent[6]} " + "n" * 80, "course_id": 1},
            headers=auth("alice"),
        ),
        client.post(
            "/api/auth/login", json={"username": "alice", "password": f"{sent[7]} " + "p" * 128}
        ),
    ]
    for response in requests:
        items_of(response)
        answer = response.text.lower()
        leaked = [value for value in sent if value.lower() in answer]
        assert not leaked, "the 422 body repeats a value the client sent"


@pytest.mark.contract("Rule 1", "item detail", "item errors", "item field", "item location")
@pytest.mark.contract("Rule 1", "item message")
@pytest.mark.contract("POST /api/groups", "input line 6", "error 422")
def test_each_422_item_has_exactly_field_location_and_message(client, auth):
    """A 422 has a `detail` sentence and `errors` items of exactly field, location and message."""
    response = client.post(
        "/api/groups",
        json={"name": "x", "course_id": 0, "max_members": 1, "colour": "red"},
        headers=auth("alice"),
    )
    body = error_of(response, 422)
    assert body["detail"].strip(), "the detail is a sentence for a person"
    items = items_of(response)
    for item in items:
        assert isinstance(item, dict) and set(item) == {"field", "location", "message"}, (
            f"an item has the keys {sorted(item) if isinstance(item, dict) else item}"
        )
        assert all(isinstance(item[key], str) and item[key] for key in item), "empty item"
    assert sorted(item["field"] for item in items) == [
        "colour",
        "course_id",
        "max_members",
        "name",
    ], f"expected one item per problem, got fields {sorted(i['field'] for i in items)}"
    assert {item["location"] for item in items} == {"body"}


@pytest.mark.contract("Rule 1", "paragraph 1", "item field", "item location")
def test_a_body_that_is_not_an_object_is_reported_as_the_field_body(client, auth, unique_code):
    """A JSON body that is not an object answers 422 with one item whose field is `body`."""
    course = new_course(client, auth, unique_code)
    for response in (
        client.post("/api/courses", json=["CS-341", "Backend"], headers=auth("carol")),
        client.patch(f"/api/courses/{course['id']}", json=[1, 2], headers=auth("carol")),
        client.post("/api/groups", json="a study group", headers=auth("alice")),
    ):
        items = items_of(response)
        assert [(i["location"], i["field"]) for i in items] == [("body", "body")], (
            f"expected one item body/body, got {[(i['location'], i['field']) for i in items]}"
        )


@pytest.mark.contract("Rule 1", "paragraph 1", "item location")
def test_json_that_does_not_parse_answers_422_in_the_app_format(client, auth):
    """A body that is not valid JSON answers 422 in the app's format, located in the body."""
    headers = auth("carol") | {"Content-Type": "application/json"}
    for broken in (b'{"code": "CS-3', b"{'code': 'CS-341'}", b'{"title": "x",}'):
        items = items_of(client.post("/api/courses", content=broken, headers=headers))
        assert {item["location"] for item in items} == {"body"}


@pytest.mark.contract("Rule 1", "item errors")
@pytest.mark.contract("POST /api/courses", "behavior 2", "error 422")
def test_several_problems_in_one_course_give_one_item_each(client, auth, unique_code, db):
    """POST /api/courses with several broken rules lists every one of them in `errors`."""
    code = unique_code()
    response = client.post(
        "/api/courses",
        json={
            "code": code.replace("-", "_"),
            "title": "   ",
            "credits": 0,
            "description": "d" * 2001,
            "room": "B1",
        },
        headers=auth("carol"),
    )
    fields = sorted(item["field"] for item in items_of(response))
    assert fields == ["code", "credits", "description", "room", "title"], (
        f"expected five items, one per problem, got {fields}"
    )
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input code", "behavior 2", "output 200", "error 422"
)
def test_several_problems_in_one_patch_give_one_item_each(client, auth, unique_code):
    """PATCH /api/courses/{id} with several broken rules lists each and changes nothing."""
    course = new_course(client, auth, unique_code)
    response = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": "nope", "title": "    ", "credits": 13, "description": "d" * 2001},
        headers=auth("carol"),
    )
    fields = sorted(item["field"] for item in items_of(response))
    assert fields == ["code", "credits", "description", "title"], (
        f"expected four items, one per problem, got {fields}"
    )
    after = client.get(f"/api/courses/{course['id']}")
    assert after.status_code == 200 and after.json() == course, "a refused PATCH changed the course"


# --- Rule 2 and Rule 3 --------------------------------------------------------------------

ID_ROUTES = [
    ("GET", "/api/courses/{}", "course_id", None),
    ("PATCH", "/api/courses/{}", "course_id", {"title": "Renamed"}),
    ("DELETE", "/api/courses/{}", "course_id", None),
    ("GET", "/api/courses/{}/groups", "course_id", None),
    ("GET", "/api/groups/{}", "group_id", None),
    ("POST", "/api/groups/{}/members", "group_id", None),
    ("DELETE", "/api/groups/{}/members/me", "group_id", None),
]


@pytest.mark.contract("Rule 2", "paragraph 1")
@pytest.mark.contract("Rule 1", "item field", "item location")
def test_every_id_in_a_url_must_be_positive_and_an_unknown_one_is_404(client, auth, missing_id):
    """Every endpoint with an id in its URL answers 422 for 0 or less, 404 for an unknown id."""
    headers = auth("bob")
    unknown = missing_id()
    for method, route, name, body in ID_ROUTES:
        for bad in (0, -3):
            response = client.request(method, route.format(bad), json=body, headers=headers)
            assert ("path", name) in fields_of(response), (
                f"{method} {route} with a non-positive id: expected 422 naming {name} in the path"
            )
        response = client.request(method, route.format(unknown), json=body, headers=headers)
        assert error_of(response, 404)["code"] == "not_found", (
            f"{method} {route} with an unknown id: expected 404"
        )


@pytest.mark.contract("Rule 3", "paragraph 1")
@pytest.mark.contract("POST /api/courses", "input line 5")
@pytest.mark.contract("PATCH /api/courses/{course_id}", "input null", "error 422")
@pytest.mark.contract("POST /api/groups", "input line 6")
def test_unknown_fields_give_one_item_each_on_every_endpoint(client, auth, unique, unique_code, db):
    """POST /api/courses, PATCH /api/courses/{id} and POST /api/groups list each unknown field."""
    course = new_course(client, auth, unique_code)
    code, name = unique_code(), unique("Extra")
    answers = {
        ("id", "titel"): client.post(
            "/api/courses",
            json={"code": code, "title": "Extra", "id": 7, "titel": "Typo"},
            headers=auth("carol"),
        ),
        ("is_admin", "titel"): client.patch(
            f"/api/courses/{course['id']}",
            json={"title": "Kept", "titel": "Typo", "is_admin": True},
            headers=auth("carol"),
        ),
        ("id", "is_admin"): client.post(
            "/api/groups",
            json={"name": name, "course_id": course["id"], "id": 3, "is_admin": True},
            headers=auth("alice"),
        ),
    }
    for unknown, response in answers.items():
        found = sorted((item["location"], item["field"]) for item in items_of(response))
        assert found == [("body", field) for field in unknown], (
            f"expected one item per unknown field, got {found}"
        )
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    assert db("SELECT id FROM study_groups WHERE name = :n", n=name) == []
    assert client.get(f"/api/courses/{course['id']}").json()["title"] == course["title"]


# --- POST /api/courses --------------------------------------------------------------------
