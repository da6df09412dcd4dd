"""Contract: GET /api/groups and POST /api/groups.

POST input: {"name": str, "description": str (optional), "course_id": int}; needs a token.
Behavior: the group is created in the course and its creator becomes its first member.
Output 201: the group with its course ({"id", "code", "title"}) and `member_count`.
Errors: 401 no token, 404 unknown course, 409 name already used in that course, 422 bad input.
"""

from helpers import error_of


def course_id_of(client, code: str) -> int:
    return next(c["id"] for c in client.get("/api/courses").json() if c["code"] == code)


def test_list_groups_shows_each_group_with_its_course_and_member_count(client):
    response = client.get("/api/groups")
    assert response.status_code == 200
    groups = {group["name"]: group for group in response.json()}
    debuggers = groups["Late-night debuggers"]
    assert debuggers["course"]["code"] == "CS-341"
    assert debuggers["member_count"] == 2


def test_create_group_makes_the_creator_its_first_member(client, auth, unique, db):
    name = unique("Study buddies")
    course_id = course_id_of(client, "DB-210")
    response = client.post(
        "/api/groups", json={"name": name, "course_id": course_id}, headers=auth("dave")
    )
    assert response.status_code == 201
    group = response.json()
    assert group["name"] == name
    assert group["course"]["id"] == course_id
    assert group["member_count"] == 1
    members = db(
        "SELECT users.username FROM memberships JOIN users ON users.id = memberships.user_id "
        "WHERE memberships.group_id = :group_id",
        group_id=group["id"],
    )
    assert members == [{"username": "dave"}]


def test_create_group_needs_a_token(client, unique):
    response = client.post("/api/groups", json={"name": unique("Nobody's"), "course_id": 1})
    error_of(response, 401)


def test_create_group_in_an_unknown_course_answers_404(client, auth, unique):
    response = client.post(
        "/api/groups", json={"name": unique("Lost"), "course_id": 999999}, headers=auth("bob")
    )
    error_of(response, 404)


def test_group_names_are_unique_within_a_course(client, auth, unique):
    name = unique("Twins")
    payload = {"name": name, "course_id": course_id_of(client, "CS-101")}
    assert client.post("/api/groups", json=payload, headers=auth("alice")).status_code == 201
    error_of(client.post("/api/groups", json=payload, headers=auth("bob")), 409)
    elsewhere = {"name": name, "course_id": course_id_of(client, "CS-341")}
    assert client.post("/api/groups", json=elsewhere, headers=auth("bob")).status_code == 201


def test_create_group_without_a_name_answers_422(client, auth):
    response = client.post("/api/groups", json={"course_id": 1}, headers=auth("alice"))
    assert response.status_code == 422
