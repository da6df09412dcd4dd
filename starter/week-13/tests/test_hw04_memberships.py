"""HW4 contract: groups across courses, and joining or leaving them (a bearer token is needed
where it says so).

GET    /api/courses/{id}/groups         200 list of groups of that course  404 unknown course
GET    /api/groups/{id}                 200 the group with `members`       404 unknown group
POST   /api/groups/{id}/members         201 {"group_id", "user_id", "joined_at"} (token)
                                        401, 404 unknown group, 409 already a member
DELETE /api/groups/{id}/members/me      204 (token)  401, 404 not a member or unknown group
GET    /api/users/me/groups             200 the groups of the current user (token)  401
"""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw04")


@pytest.fixture
def new_group(client, auth, unique):
    def create(owner: str = "alice", course_code: str = "CS-341"):
        courses = client.get("/api/courses").json()
        course_id = next(c["id"] for c in courses if c["code"] == course_code)
        payload = {"name": unique("Group"), "course_id": course_id}
        response = client.post("/api/groups", json=payload, headers=auth(owner))
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.mark.contract(
    "GET /api/courses/{course_id}/groups",
    "paragraph 1",
    "input course_id",
    "behavior 2",
    "output 200",
    "output id",
    "output course",
)
def test_course_groups_lists_only_that_courses_groups(client, new_group):
    mine = new_group(course_code="MATH-150")
    other = new_group(course_code="CS-101")
    response = client.get(f"/api/courses/{mine['course']['id']}/groups")
    assert response.status_code == 200
    ids = {group["id"] for group in response.json()}
    assert mine["id"] in ids and other["id"] not in ids
    assert all(group["course"]["code"] == "MATH-150" for group in response.json())


@pytest.mark.contract("GET /api/courses/{course_id}/groups", "behavior 1", "error 404")
def test_course_groups_of_an_unknown_course_answers_404(client):
    assert client.get("/api/courses/1/groups").status_code == 200
    error_of(client.get("/api/courses/999999/groups"), 404)


@pytest.mark.contract(
    "GET /api/groups/{group_id}",
    "paragraph 1",
    "input group_id",
    "behavior 1",
    "output 200",
    "output id",
    "output members",
)
def test_group_detail_lists_its_members(client, new_group):
    group = new_group(owner="bob")
    response = client.get(f"/api/groups/{group['id']}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == group["name"]
    assert body["course"] == group["course"]
    assert [member["username"] for member in body["members"]] == ["bob"]
    assert all(set(member) == {"id", "username"} for member in body["members"])


@pytest.mark.contract("GET /api/groups/{group_id}", "behavior 2", "error 404")
def test_unknown_group_answers_404(client, new_group):
    group = new_group()
    assert client.get(f"/api/groups/{group['id']}").status_code == 200
    error_of(client.get("/api/groups/999999"), 404)


@pytest.mark.contract(
    "POST /api/groups/{group_id}/members",
    "paragraph 1",
    "input group_id",
    "input Authorization",
    "behavior 4",
    "behavior 5",
    "output 201",
    "output group_id",
)
@pytest.mark.contract("GET /api/groups/{group_id}", "output members", "output member_count")
def test_join_group_adds_the_current_user(client, auth, new_group, db):
    group = new_group(owner="alice")
    response = client.post(f"/api/groups/{group['id']}/members", headers=auth("dave"))
    assert response.status_code == 201
    body = response.json()
    assert body["group_id"] == group["id"] and "joined_at" in body
    detail = client.get(f"/api/groups/{group['id']}").json()
    assert [member["username"] for member in detail["members"]] == ["alice", "dave"]
    assert detail["member_count"] == 2
    stored = db("SELECT user_id FROM memberships WHERE group_id = :id", id=group["id"])
    assert len(stored) == 2


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 3", "error 409")
def test_joining_twice_answers_409(client, auth, new_group):
    group = new_group(owner="alice")
    error_of(client.post(f"/api/groups/{group['id']}/members", headers=auth("alice")), 409)


@pytest.mark.contract(
    "POST /api/groups/{group_id}/members", "behavior 1", "behavior 2", "error 401", "error 404"
)
def test_join_needs_a_token_and_an_existing_group(client, auth, new_group):
    group = new_group()
    error_of(client.post(f"/api/groups/{group['id']}/members"), 401)
    error_of(client.post("/api/groups/999999/members", headers=auth("bob")), 404)


@pytest.mark.contract(
    "DELETE /api/groups/{group_id}/members/me",
    "paragraph 1",
    "input group_id",
    "input Authorization",
    "behavior 4",
    "output 204",
)
def test_leave_group_removes_the_current_user(client, auth, new_group):
    group = new_group(owner="alice")
    client.post(f"/api/groups/{group['id']}/members", headers=auth("bob"))
    response = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob"))
    assert response.status_code == 204
    members = client.get(f"/api/groups/{group['id']}").json()["members"]
    assert [member["username"] for member in members] == ["alice"]


@pytest.mark.contract(
    "DELETE /api/groups/{group_id}/members/me", "behavior 1", "behavior 3", "error 401", "error 404"
)
def test_leaving_a_group_you_are_not_in_answers_404(client, auth, new_group):
    group = new_group(owner="alice")
    error_of(client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("dave")), 404)
    error_of(client.delete(f"/api/groups/{group['id']}/members/me"), 401)


@pytest.mark.contract(
    "GET /api/users/me/groups",
    "paragraph 1",
    "input Authorization",
    "behavior 1",
    "behavior 2",
    "output 200",
    "error 401",
)
def test_my_groups_lists_exactly_the_groups_i_belong_to(client, auth, new_group):
    joined = new_group(owner="carol")
    not_joined = new_group(owner="bob")
    response = client.get("/api/users/me/groups", headers=auth("carol"))
    assert response.status_code == 200
    ids = {group["id"] for group in response.json()}
    assert joined["id"] in ids and not_joined["id"] not in ids
    error_of(client.get("/api/users/me/groups"), 401)
