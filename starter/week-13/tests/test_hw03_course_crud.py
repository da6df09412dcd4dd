"""HW3 contract: CRUD for courses. Writes need a bearer token.

GET    /api/courses/{id}  200 the course                 404 unknown id
POST   /api/courses       201 the course + Location       401, 409 code taken, 422 bad input
PATCH  /api/courses/{id}  200 the course, changed fields   401, 404, 409 code taken, 422
DELETE /api/courses/{id}  204 no body                      401, 404, 409 course still has groups
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw03")


@pytest.fixture
def new_course(client, auth, unique_code):
    def create(**fields):
        payload = {"code": unique_code(), "title": "Compilers", "credits": 6} | fields
        response = client.post("/api/courses", json=payload, headers=auth("carol"))
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.mark.contract(
    "POST /api/courses",
    "input Authorization",
    "input code",
    "input title",
    "input description",
    "input credits",
    "behavior 4",
    "output 201",
    "output Location",
)
def test_create_course_returns_201_the_course_and_its_location(client, auth, unique_code, db):
    code = unique_code()
    response = client.post(
        "/api/courses",
        json={"code": code, "title": "Operating Systems", "description": "Files.", "credits": 4},
        headers=auth("carol"),
    )
    assert response.status_code == 201
    course = response.json()
    assert course["code"] == code and course["title"] == "Operating Systems"
    assert course["credits"] == 4 and course["description"] == "Files."
    assert response.headers["location"] == f"/api/courses/{course['id']}"
    assert db("SELECT title FROM courses WHERE code = :code", code=code) == [
        {"title": "Operating Systems"}
    ]


@pytest.mark.contract(
    "POST /api/courses", "input description", "input credits", "behavior 4", "output 201"
)
def test_create_course_defaults_credits_and_description(client, auth, unique_code):
    response = client.post(
        "/api/courses", json={"code": unique_code(), "title": "Ethics"}, headers=auth("carol")
    )
    assert response.status_code == 201
    assert response.json()["credits"] == 5
    assert response.json()["description"] == ""


@pytest.mark.contract(
    "GET /api/courses/{course_id}", "input course_id", "input line 2", "behavior 1", "output 200"
)
@pytest.mark.contract("POST /api/courses", "behavior 5")
def test_read_course_by_id(client, new_course):
    course = new_course(title="Networks")
    response = client.get(f"/api/courses/{course['id']}")
    assert response.status_code == 200
    assert response.json() == course


@pytest.mark.contract("GET /api/courses/{course_id}", "behavior 1", "error 404")
def test_read_unknown_course_answers_404(client, new_course):
    course = new_course()
    assert client.get(f"/api/courses/{course['id']}").status_code == 200
    error_of(client.get("/api/courses/999999"), 404)


@pytest.mark.contract("POST /api/courses", "input Authorization", "behavior 1", "error 401")
def test_create_course_needs_a_token(client, unique_code):
    response = client.post("/api/courses", json={"code": unique_code(), "title": "Hidden"})
    error_of(response, 401)


@pytest.mark.contract("POST /api/courses", "input code", "behavior 3", "error 409")
def test_create_course_with_a_taken_code_answers_409(client, auth, new_course):
    course = new_course()
    response = client.post(
        "/api/courses", json={"code": course["code"], "title": "Copy"}, headers=auth("carol")
    )
    error_of(response, 409)


@pytest.mark.parametrize(
    "payload",
    [{"title": "No code"}, {"code": "ZZ-001"}, {"code": "ZZ-002", "title": "X", "credits": 0}],
    ids=["missing code", "missing title", "credits below 1"],
)
@pytest.mark.contract(
    "POST /api/courses", "input code", "input title", "input credits", "behavior 2", "error 422"
)
def test_create_course_with_invalid_input_answers_422(client, auth, payload):
    assert client.post("/api/courses", json=payload, headers=auth("carol")).status_code == 422


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}",
    "input Authorization",
    "paragraph 1",
    "behavior 4",
    "behavior 5",
    "output 200",
)
def test_patch_changes_only_the_fields_sent(client, auth, new_course):
    course = new_course(title="Old title", credits=3)
    response = client.patch(
        f"/api/courses/{course['id']}", json={"title": "New title"}, headers=auth("carol")
    )
    assert response.status_code == 200
    assert response.json() == course | {"title": "New title"}
    assert client.get(f"/api/courses/{course['id']}").json()["title"] == "New title"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "behavior 2", "error 404")
def test_patch_unknown_course_answers_404(client, auth, new_course):
    course = new_course()
    found = client.patch(f"/api/courses/{course['id']}", json={"credits": 2}, headers=auth("carol"))
    assert found.status_code == 200
    error_of(client.patch("/api/courses/999999", json={"title": "X"}, headers=auth("carol")), 404)


@pytest.mark.contract("PATCH /api/courses/{course_id}", "input code", "behavior 3", "error 409")
def test_patch_to_a_taken_code_answers_409(client, auth, new_course):
    first, second = new_course(), new_course()
    response = client.patch(
        f"/api/courses/{second['id']}", json={"code": first["code"]}, headers=auth("carol")
    )
    error_of(response, 409)


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input Authorization", "behavior 1", "error 401"
)
def test_patch_needs_a_token(client, new_course):
    course = new_course()
    error_of(client.patch(f"/api/courses/{course['id']}", json={"title": "X"}), 401)


@pytest.mark.contract(
    "DELETE /api/courses/{course_id}", "input course_id", "behavior 4", "output 204"
)
def test_delete_course_answers_204_and_it_is_gone(client, auth, new_course):
    course = new_course()
    response = client.delete(f"/api/courses/{course['id']}", headers=auth("carol"))
    assert response.status_code == 204
    assert response.content == b""
    error_of(client.get(f"/api/courses/{course['id']}"), 404)


@pytest.mark.contract(
    "DELETE /api/courses/{course_id}",
    "input Authorization",
    "behavior 1",
    "behavior 2",
    "error 401",
    "error 404",
)
def test_delete_needs_a_token_and_an_existing_course(client, auth, new_course):
    course = new_course()
    error_of(client.delete(f"/api/courses/{course['id']}"), 401)
    error_of(client.delete("/api/courses/999999", headers=auth("carol")), 404)


@pytest.mark.contract("DELETE /api/courses/{course_id}", "behavior 3", "error 409")
def test_delete_course_with_groups_answers_409_and_keeps_it(client, auth, new_course, unique):
    course = new_course()
    group = {"name": unique("Keepers"), "course_id": course["id"]}
    assert client.post("/api/groups", json=group, headers=auth("alice")).status_code == 201
    error_of(client.delete(f"/api/courses/{course['id']}", headers=auth("carol")), 409)
    assert client.get(f"/api/courses/{course['id']}").status_code == 200
