"""Hidden HW3 contracts: the edges of course CRUD the visible tests do not show."""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw03")


def create(client, auth, **fields):
    response = client.post("/api/courses", json=fields, headers=auth("carol"))
    assert response.status_code == 201, (
        f"expected 201, got {response.status_code}: {response.text[:200]}"
    )
    return response.json()


def forged_token(auth):
    """Carol's token with its signature changed: a token the app never signed."""
    return {"Authorization": "Bearer " + auth("carol")["Authorization"][7:-4] + "AAAA"}


COURSE_ROW = "SELECT id, code, title, description, credits, created_at FROM courses WHERE id = :i"


@pytest.mark.contract(
    "POST /api/courses",
    "input code",
    "input title",
    "input description",
    "input credits",
    "behavior 4",
    "output 201",
)
def test_a_created_course_is_stored_with_exactly_the_fields_sent(
    client, auth, unique, unique_code, db
):
    """POST /api/courses stores the course: the database holds what was sent."""
    code, title, notes = unique_code(), unique("Course"), unique("Notes")
    course = create(client, auth, code=code, title=title, credits=7, description=notes)
    stored = db("SELECT id, title, credits, description FROM courses WHERE code = :c", c=code)
    assert stored == [{"id": course["id"], "title": title, "credits": 7, "description": notes}]
    assert isinstance(course["id"], int) and course["created_at"]


@pytest.mark.contract("GET /api/courses/{course_id}", "behavior 1", "output 200")
@pytest.mark.contract("POST /api/courses", "behavior 5", "output 201", "output Location")
def test_the_location_header_points_at_the_new_course(client, auth, unique, unique_code):
    """POST /api/courses answers a Location that GET can follow."""
    response = client.post(
        "/api/courses",
        json={"code": unique_code(), "title": unique("Course")},
        headers=auth("carol"),
    )
    assert response.status_code == 201
    followed = client.get(response.headers["location"])
    assert followed.status_code == 200 and followed.json() == response.json()


@pytest.mark.contract("POST /api/courses", "behavior 5")
def test_a_new_course_appears_in_the_list_in_code_order(client, auth, unique, unique_code):
    """GET /api/courses lists a created course, still ordered by code."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    codes = [c["code"] for c in client.get("/api/courses").json()]
    assert course["code"] in codes and codes == sorted(codes)


@pytest.mark.parametrize(
    "fields",
    [{"credits": 13}, {"credits": "five"}, {"description": "x" * 2001}, {"title": "t" * 201}],
    ids=["credits above 12", "credits not a number", "description too long", "title too long"],
)
@pytest.mark.contract(
    "POST /api/courses",
    "input title",
    "input description",
    "input credits",
    "behavior 2",
    "error 422",
)
def test_create_rejects_out_of_range_fields_with_422(client, auth, unique, unique_code, fields):
    """POST /api/courses answers 422 for a field outside its contract."""
    payload = {"code": unique_code(), "title": unique("Course")} | fields
    response = client.post("/api/courses", json=payload, headers=auth("carol"))
    assert response.status_code == 422, f"expected 422, got {response.status_code}"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "paragraph 1", "behavior 4", "output 200")
def test_patch_with_an_empty_body_changes_nothing(client, auth, unique, unique_code):
    """PATCH /api/courses/{id} with {} answers 200 and the course unchanged."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(f"/api/courses/{course['id']}", json={}, headers=auth("carol"))
    assert response.status_code == 200 and response.json() == course


@pytest.mark.contract("PATCH /api/courses/{course_id}", "input code", "behavior 3")
def test_patch_may_keep_the_courses_own_code(client, auth, unique, unique_code):
    """PATCH /api/courses/{id} with the course's own code is not a conflict."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": course["code"], "title": (renamed := unique("Course"))},
        headers=auth("carol"),
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json()["title"] == renamed


@pytest.mark.parametrize(
    "fields", [{"credits": 0}, {"title": None}], ids=["credits 0", "title null"]
)
@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input credits", "paragraph 1", "behavior 1", "error 422"
)
def test_patch_rejects_invalid_fields_with_422(client, auth, unique, unique_code, fields):
    """PATCH /api/courses/{id} answers 422 for an invalid or null field, and keeps the course."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(f"/api/courses/{course['id']}", json=fields, headers=auth("carol"))
    assert response.status_code == 422, f"expected 422, got {response.status_code}"
    assert client.get(f"/api/courses/{course['id']}").json() == course


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 2", "error 404")
def test_deleting_twice_answers_404_the_second_time(client, auth, unique, unique_code):
    """DELETE /api/courses/{id} of a course already deleted answers 404."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.delete(f"/api/courses/{course['id']}", headers=auth("carol")).status_code == 204
    error_of(client.delete(f"/api/courses/{course['id']}", headers=auth("carol")), 404)


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 4")
@pytest.mark.contract("POST /api/courses", "behavior 3")
def test_a_deleted_courses_code_can_be_used_again(client, auth, unique, unique_code, db):
    """After DELETE the code is free: POST with it answers 201, and the row is gone."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.delete(f"/api/courses/{course['id']}", headers=auth("carol")).status_code == 204
    assert db("SELECT id FROM courses WHERE id = :i", i=course["id"]) == []
    again = client.post(
        "/api/courses",
        json={"code": course["code"], "title": unique("Course")},
        headers=auth("carol"),
    )
    assert again.status_code == 201, f"expected 201, got {again.status_code}"


@pytest.mark.contract("POST /api/courses", "input Authorization", "behavior 1", "error 401")
@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input Authorization", "behavior 1", "error 401"
)
@pytest.mark.contract(
    "DELETE /api/courses/{course_id}", "input Authorization", "behavior 1", "error 401"
)
def test_writes_with_a_forged_token_answer_401(client, auth, unique, unique_code):
    """POST, PATCH and DELETE with a token the app did not sign answer 401."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    forged = {"Authorization": "Bearer " + auth("carol")["Authorization"][7:-4] + "AAAA"}
    error_of(
        client.post(
            "/api/courses", json={"code": unique_code(), "title": unique("Course")}, headers=forged
        ),
        401,
    )
    error_of(
        client.patch(
            f"/api/courses/{course['id']}", json={"title": unique("Course")}, headers=forged
        ),
        401,
    )
    error_of(client.delete(f"/api/courses/{course['id']}", headers=forged), 401)


@pytest.mark.visibility("after_due_date")
@pytest.mark.contract("GET /api/courses/{course_id}", "error 404")
@pytest.mark.contract("POST /api/courses", "error 409")
def test_errors_carry_a_machine_readable_code(client, auth, unique, unique_code, missing_id):
    """404 answers code "not_found" and 409 answers code "conflict"."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.get(f"/api/courses/{course['id']}").status_code == 200
    assert error_of(client.get(f"/api/courses/{missing_id()}"), 404)["code"] == "not_found"
    duplicate = client.post(
        "/api/courses",
        json={"code": course["code"], "title": unique("Course")},
        headers=auth("carol"),
    )
    assert error_of(duplicate, 409)["code"] == "conflict"


@pytest.mark.contract(
    "GET /api/courses/{course_id}",
    "behavior 1",
    "output 200",
    "output id",
    "output code",
    "output title",
    "output description",
    "output credits",
)
def test_reading_a_course_answers_its_fields_as_stored(client, auth, unique, unique_code, db):
    """GET /api/courses/{id} answers exactly the course's fields, with the values stored."""
    code, title = unique_code(), unique("Course")
    course = create(client, auth, code=code, title=title, credits=7)
    response = client.get(f"/api/courses/{course['id']}")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    body = response.json()
    fields = {"id", "code", "title", "description", "credits", "created_at"}
    assert set(body) == fields, f"expected the fields {sorted(fields)}, got {sorted(body)}"
    assert body["id"] == course["id"] and isinstance(body["id"], int)
    assert (body["code"], body["title"], body["description"]) == (code, title, "")
    assert body["credits"] == 7 and isinstance(body["credits"], int)
    assert isinstance(body["created_at"], str) and body["created_at"]
    stored = db(
        "SELECT id, code, title, description, credits FROM courses WHERE id = :i", i=body["id"]
    )
    assert stored == [{k: body[k] for k in ("id", "code", "title", "description", "credits")}]


@pytest.mark.contract("GET /api/courses/{course_id}", "input line 2", "behavior 2")
def test_reading_a_course_needs_no_token_and_changes_nothing(client, auth, unique, unique_code, db):
    """GET /api/courses/{id} answers the same with or without a token, and changes nothing."""
    course = create(client, auth, code=unique_code(), title=unique("Course"), credits=3)
    before = db(COURSE_ROW, i=course["id"])
    anonymous = client.get(f"/api/courses/{course['id']}")
    with_token = client.get(f"/api/courses/{course['id']}", headers=auth("dave"))
    again = client.get(f"/api/courses/{course['id']}")
    statuses = [r.status_code for r in (anonymous, with_token, again)]
    assert statuses == [200, 200, 200], f"expected 200 three times, got {statuses}"
    assert anonymous.json() == with_token.json() == again.json() == course
    assert db(COURSE_ROW, i=course["id"]) == before


@pytest.mark.contract("GET /api/courses/{course_id}", "input course_id", "error 422")
def test_reading_a_course_by_an_id_that_is_not_an_integer_answers_422(client, unique_code):
    """GET /api/courses/{id} with an id that is not an integer answers 422."""
    response = client.get(f"/api/courses/{unique_code()}")
    assert response.status_code == 422, f"expected 422, got {response.status_code}"


@pytest.mark.contract(
    "POST /api/courses",
    "input code",
    "input title",
    "input description",
    "input credits",
    "output 201",
)
def test_create_accepts_every_field_at_both_ends_of_its_range(client, auth, unique_code, db):
    """POST /api/courses accepts each field at both ends of its allowed range and stores it."""
    longest = {
        "code": (unique_code() * 3)[:20],
        "title": "t" * 200,
        "description": "d" * 2000,
        "credits": 12,
    }
    shortest = {"code": unique_code()[1:3], "title": "t", "credits": 1}
    for fields in (longest, shortest):
        course = create(client, auth, **fields)
        assert {name: course[name] for name in fields} == fields
        stored = db(
            "SELECT code, title, description, credits FROM courses WHERE id = :i", i=course["id"]
        )
        assert stored == [{"description": ""} | fields]


@pytest.mark.parametrize(
    ("field", "lengths"),
    [("code", (1, 21)), ("title", (0,))],
    ids=["code too short or too long", "title empty"],
)
@pytest.mark.contract("POST /api/courses", "input code", "input title", "behavior 2", "error 422")
def test_create_rejects_a_code_or_title_of_the_wrong_length_and_stores_nothing(
    client, auth, unique, unique_code, db, field, lengths
):
    """POST /api/courses answers 422 for a code or title of the wrong length and stores nothing."""
    for length in lengths:
        payload = {"code": unique_code(), "title": unique("Course")}
        payload[field] = (payload[field] * 30)[:length]
        response = client.post("/api/courses", json=payload, headers=auth("carol"))
        assert response.status_code == 422, f"expected 422, got {response.status_code}"
        assert db("SELECT id FROM courses WHERE code = :c", c=payload["code"]) == []


@pytest.mark.contract("POST /api/courses", "input description", "input credits", "behavior 4")
def test_a_course_created_without_optional_fields_stores_the_defaults(
    client, auth, unique, unique_code, db
):
    """POST /api/courses stores the defaults of description and credits when they are not sent."""
    code = unique_code()
    create(client, auth, code=code, title=unique("Course"))
    stored = db("SELECT description, credits FROM courses WHERE code = :c", c=code)
    assert stored == [{"description": "", "credits": 5}]


@pytest.mark.contract("POST /api/courses", "behavior 1", "behavior 2")
def test_create_checks_the_token_before_the_body(client, unique, unique_code):
    """POST /api/courses without a token answers 401 even when the body is invalid too."""
    payload = {"code": unique_code(), "title": unique("Course"), "credits": 0}
    error_of(client.post("/api/courses", json=payload), 401)


@pytest.mark.contract("POST /api/courses", "behavior 2", "behavior 3")
def test_create_validates_the_body_before_looking_for_a_code_conflict(
    client, auth, unique, unique_code
):
    """POST /api/courses with a taken code and an invalid field answers 422, not 409."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.post(
        "/api/courses",
        json={"code": course["code"], "title": unique("Course"), "credits": 13},
        headers=auth("carol"),
    )
    assert response.status_code == 422, f"expected 422, got {response.status_code}"


@pytest.mark.contract("POST /api/courses", "behavior 1", "error 401")
def test_create_without_a_valid_token_answers_not_authenticated_and_stores_nothing(
    client, auth, unique, unique_code, db
):
    """POST /api/courses without a valid token answers 401 "not_authenticated", storing nothing."""
    for headers in ({}, forged_token(auth)):
        code = unique_code()
        response = client.post(
            "/api/courses", json={"code": code, "title": unique("Course")}, headers=headers
        )
        assert error_of(response, 401)["code"] == "not_authenticated"
        assert db("SELECT id FROM courses WHERE code = :c", c=code) == []


@pytest.mark.contract("POST /api/courses", "error 409")
def test_create_with_a_taken_code_answers_conflict_and_stores_nothing(
    client, auth, unique, unique_code, db
):
    """POST /api/courses with a taken code answers 409 "conflict" and stores or changes nothing."""
    course = create(client, auth, code=unique_code(), title=unique("Course"), credits=3)
    before = db(COURSE_ROW, i=course["id"])
    title = unique("Course")
    response = client.post(
        "/api/courses",
        json={"code": course["code"], "title": title, "description": "x", "credits": 9},
        headers=auth("carol"),
    )
    assert error_of(response, 409)["code"] == "conflict"
    assert db(COURSE_ROW, i=course["id"]) == before
    assert db("SELECT id FROM courses WHERE title = :t", t=title) == []


@pytest.mark.parametrize(
    "invalid",
    [
        [{"code": "T"}, {"code": "T" * 21}, {"code": None}],
        [{"title": ""}, {"title": "t" * 201}, {"title": None}],
        [{"description": "d" * 2001}, {"description": None}],
        [{"credits": 13}, {"credits": "five"}, {"credits": None}],
    ],
    ids=["code", "title", "description", "credits"],
)
@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "input code",
    "input title",
    "input description",
    "input credits",
    "paragraph 1",
    "behavior 1",
    "error 422",
)
def test_patch_rejects_each_field_that_breaks_its_rule_and_changes_nothing(
    client, auth, unique, unique_code, db, invalid
):
    """PATCH /api/courses/{id} answers 422 for a field that breaks its rule or is null."""
    course = create(
        client, auth, code=unique_code(), title=unique("Course"), description="x", credits=4
    )
    before = db(COURSE_ROW, i=course["id"])
    for fields in invalid:
        response = client.patch(f"/api/courses/{course['id']}", json=fields, headers=auth("carol"))
        assert response.status_code == 422, f"expected 422, got {response.status_code}"
        assert client.get(f"/api/courses/{course['id']}").json() == course
    assert db(COURSE_ROW, i=course["id"]) == before


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "input code",
    "input title",
    "input description",
    "input credits",
    "behavior 4",
    "behavior 5",
    "output 200",
)
def test_patch_accepts_every_field_at_both_ends_of_its_range(client, auth, unique, unique_code, db):
    """PATCH /api/courses/{id} accepts each field at both ends of its range and stores it."""
    course = create(client, auth, code=unique_code(), title=unique("Course"), description="x")
    short = unique_code()
    changes = [
        {"code": (unique_code() * 3)[:20], "title": "t" * 200, "description": "d" * 2000},
        {"credits": 12},
        {"code": short[1] + short[-1], "title": "t", "description": "", "credits": 1},
    ]
    for fields in changes:
        response = client.patch(f"/api/courses/{course['id']}", json=fields, headers=auth("carol"))
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        course = course | fields
        assert response.json() == course
        assert client.get(f"/api/courses/{course['id']}").json() == course
    stored = db(
        "SELECT code, title, description, credits FROM courses WHERE id = :i", i=course["id"]
    )
    assert stored == [{name: course[name] for name in ("code", "title", "description", "credits")}]


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 1", "error 401")
def test_patch_without_a_valid_token_answers_401_and_changes_nothing(
    client, auth, unique, unique_code, db
):
    """PATCH /api/courses/{id} without a valid token answers 401 and changes nothing."""
    course = create(client, auth, code=unique_code(), title=unique("Course"), credits=3)
    before = db(COURSE_ROW, i=course["id"])
    for headers in ({}, forged_token(auth)):
        response = client.patch(
            f"/api/courses/{course['id']}",
            json={"title": unique("Course"), "credits": 11},
            headers=headers,
        )
        error_of(response, 401)
        assert client.get(f"/api/courses/{course['id']}").json() == course
    assert db(COURSE_ROW, i=course["id"]) == before


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 1", "behavior 2")
def test_patch_checks_the_token_before_the_body_and_the_course(
    client, auth, unique, unique_code, missing_id
):
    """PATCH /api/courses/{id} without a token answers 401 before any 422 or 404."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    error_of(client.patch(f"/api/courses/{course['id']}", json={"credits": 0}), 401)
    error_of(client.patch(f"/api/courses/{missing_id()}", json={"title": unique("Course")}), 401)


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 1", "behavior 2")
def test_patch_validates_the_body_before_looking_up_the_course(client, auth, missing_id):
    """PATCH /api/courses/{id} with an invalid body answers 422, even for an unknown id."""
    response = client.patch(
        f"/api/courses/{missing_id()}", json={"credits": 0}, headers=auth("carol")
    )
    assert response.status_code == 422, f"expected 422, got {response.status_code}"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 2", "behavior 3", "error 404")
def test_patch_of_a_missing_course_answers_404_before_a_code_conflict(
    client, auth, unique, unique_code, missing_id
):
    """PATCH /api/courses/{id} of an unknown id answers 404 "not_found", even with a taken code."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    response = client.patch(
        f"/api/courses/{missing_id()}", json={"code": course["code"]}, headers=auth("carol")
    )
    assert error_of(response, 404)["code"] == "not_found"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 3", "error 409")
def test_patch_to_a_taken_code_answers_conflict_and_changes_nothing(
    client, auth, unique, unique_code, db
):
    """PATCH /api/courses/{id} with a taken code answers 409 "conflict"; nothing changes."""
    first = create(client, auth, code=unique_code(), title=unique("Course"))
    second = create(client, auth, code=unique_code(), title=unique("Course"), credits=3)
    before = [db(COURSE_ROW, i=first["id"]), db(COURSE_ROW, i=second["id"])]
    response = client.patch(
        f"/api/courses/{second['id']}",
        json={"title": unique("Course"), "credits": 11, "code": first["code"]},
        headers=auth("carol"),
    )
    assert error_of(response, 409)["code"] == "conflict"
    assert client.get(f"/api/courses/{second['id']}").json() == second
    assert [db(COURSE_ROW, i=first["id"]), db(COURSE_ROW, i=second["id"])] == before


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 1", "error 401")
def test_delete_without_a_valid_token_answers_401_and_deletes_nothing(
    client, auth, unique, unique_code, db
):
    """DELETE /api/courses/{id} without a valid token answers 401 and the course stays."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    for headers in ({}, forged_token(auth)):
        error_of(client.delete(f"/api/courses/{course['id']}", headers=headers), 401)
        assert client.get(f"/api/courses/{course['id']}").json() == course
    assert db("SELECT id FROM courses WHERE id = :i", i=course["id"]) == [{"id": course["id"]}]


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 1")
def test_delete_checks_the_token_before_the_course(client, auth, unique, unique_code, missing_id):
    """DELETE /api/courses/{id} without a token answers 401 before any 404 or 409."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    group = {"name": unique("Group"), "course_id": course["id"]}
    assert client.post("/api/groups", json=group, headers=auth("alice")).status_code == 201
    error_of(client.delete(f"/api/courses/{missing_id()}"), 401)
    error_of(client.delete(f"/api/courses/{course['id']}"), 401)


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 4", "output 204")
@pytest.mark.contract("GET /api/courses/{course_id}", "error 404")
def test_a_deleted_course_is_gone_from_its_url_and_from_the_list(client, auth, unique, unique_code):
    """After DELETE /api/courses/{id} the course answers 404 and is no longer listed."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert course["id"] in [c["id"] for c in client.get("/api/courses").json()]
    response = client.delete(f"/api/courses/{course['id']}", headers=auth("carol"))
    assert response.status_code == 204, f"expected 204, got {response.status_code}"
    assert response.content == b""
    assert error_of(client.get(f"/api/courses/{course['id']}"), 404)["code"] == "not_found"
    assert course["id"] not in [c["id"] for c in client.get("/api/courses").json()]


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 2", "error 404")
@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 2", "error 404")
def test_patch_and_delete_of_a_missing_course_answer_not_found(
    client, auth, unique, unique_code, missing_id
):
    """PATCH and DELETE /api/courses/{id} of an unknown or deleted id answer 404 "not_found"."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    assert client.delete(f"/api/courses/{course['id']}", headers=auth("carol")).status_code == 204
    for course_id in (course["id"], missing_id()):
        patched = client.patch(
            f"/api/courses/{course_id}", json={"title": unique("Course")}, headers=auth("carol")
        )
        assert error_of(patched, 404)["code"] == "not_found"
        deleted = client.delete(f"/api/courses/{course_id}", headers=auth("carol"))
        assert error_of(deleted, 404)["code"] == "not_found"


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 3", "error 409")
def test_delete_of_a_course_with_a_group_answers_conflict_and_keeps_both(
    client, auth, unique, unique_code, db
):
    """DELETE /api/courses/{id} of a course with a group answers 409 "conflict"; both stay."""
    course = create(client, auth, code=unique_code(), title=unique("Course"))
    created = client.post(
        "/api/groups",
        json={"name": unique("Group"), "course_id": course["id"]},
        headers=auth("alice"),
    )
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    group_id = created.json()["id"]
    response = client.delete(f"/api/courses/{course['id']}", headers=auth("carol"))
    assert error_of(response, 409)["code"] == "conflict"
    assert client.get(f"/api/courses/{course['id']}").json() == course
    groups = db("SELECT id, course_id FROM study_groups WHERE id = :g", g=group_id)
    assert groups == [{"id": group_id, "course_id": course["id"]}]


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 3", "behavior 4", "output 204")
def test_only_the_courses_own_groups_keep_it_from_being_deleted(client, auth, unique, unique_code):
    """DELETE /api/courses/{id} of a course without groups answers 204, whatever others hold."""
    empty = create(client, auth, code=unique_code(), title=unique("Course"))
    busy = create(client, auth, code=unique_code(), title=unique("Course"))
    created = client.post(
        "/api/groups", json={"name": unique("Group"), "course_id": busy["id"]}, headers=auth("bob")
    )
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    response = client.delete(f"/api/courses/{empty['id']}", headers=auth("carol"))
    assert response.status_code == 204, f"expected 204, got {response.status_code}"
    assert client.get(f"/api/courses/{busy['id']}").status_code == 200
