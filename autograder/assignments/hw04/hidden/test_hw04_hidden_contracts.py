"""Hidden HW4 contracts: joins and memberships at their edges."""

import pytest

from helpers import error_of

pytestmark = pytest.mark.homework("hw04")


def new_course(client, auth, unique_code):
    code = unique_code()
    response = client.post(
        "/api/courses", json={"code": code, "title": f"Course {code}"}, headers=auth("carol")
    )
    assert response.status_code == 201
    return response.json()


def new_group(client, auth, unique, owner="alice", course_id=1):
    response = client.post(
        "/api/groups",
        json={"name": unique("Hidden group"), "course_id": course_id},
        headers=auth(owner),
    )
    assert response.status_code == 201
    return response.json()


def test_a_course_without_groups_lists_an_empty_list(client, auth, unique_code):
    """GET /api/courses/{id}/groups of a course with no groups answers 200 and []."""
    course = new_course(client, auth, unique_code)
    response = client.get(f"/api/courses/{course['id']}/groups")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == []


def test_course_groups_come_with_course_summary_and_member_count(client, auth, unique, unique_code):
    """Each group of GET /api/courses/{id}/groups has its course and member_count."""
    course = new_course(client, auth, unique_code)
    group = new_group(client, auth, unique, owner="bob", course_id=course["id"])
    listed = client.get(f"/api/courses/{course['id']}/groups").json()
    assert [g["id"] for g in listed] == [group["id"]]
    summary = {"id": course["id"], "code": course["code"], "title": course["title"]}
    assert listed[0]["course"] == summary
    assert listed[0]["member_count"] == 1


def test_members_are_listed_in_the_order_they_joined(client, auth, unique):
    """GET /api/groups/{id} lists members in joining order."""
    group = new_group(client, auth, unique, owner="dave")
    for user in ("carol", "alice"):
        assert (
            client.post(f"/api/groups/{group['id']}/members", headers=auth(user)).status_code == 201
        )
    members = client.get(f"/api/groups/{group['id']}").json()["members"]
    assert [m["username"] for m in members] == ["dave", "carol", "alice"]


def test_a_joined_group_shows_up_in_my_groups_with_its_course(client, auth, unique):
    """After POST /api/groups/{id}/members the group is in GET /api/users/me/groups."""
    group = new_group(client, auth, unique, owner="alice", course_id=3)
    assert (
        client.post(f"/api/groups/{group['id']}/members", headers=auth("dave")).status_code == 201
    )
    mine = {g["id"]: g for g in client.get("/api/users/me/groups", headers=auth("dave")).json()}
    assert group["id"] in mine
    assert mine[group["id"]]["course"]["id"] == 3
    assert mine[group["id"]]["member_count"] == 2


def test_leaving_updates_counts_my_groups_and_the_database(client, auth, unique, db):
    """DELETE /api/groups/{id}/members/me removes the row, the count and the listing."""
    group = new_group(client, auth, unique, owner="alice")
    client.post(f"/api/groups/{group['id']}/members", headers=auth("bob"))
    assert (
        client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob")).status_code
        == 204
    )
    assert client.get(f"/api/groups/{group['id']}").json()["member_count"] == 1
    assert group["id"] not in {
        g["id"] for g in client.get("/api/users/me/groups", headers=auth("bob")).json()
    }
    rows = db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])
    assert len(rows) == 1


def test_a_member_who_left_can_join_again(client, auth, unique):
    """Leaving then joining again answers 201."""
    group = new_group(client, auth, unique, owner="alice")
    client.post(f"/api/groups/{group['id']}/members", headers=auth("carol"))
    client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("carol"))
    again = client.post(f"/api/groups/{group['id']}/members", headers=auth("carol"))
    assert again.status_code == 201, f"expected 201, got {again.status_code}"


def test_a_user_in_no_group_has_an_empty_list(client, auth):
    """GET /api/users/me/groups of a user in no group answers 200 and []."""
    response = client.get("/api/users/me/groups", headers=auth("erin"))
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == []


def test_membership_endpoints_reject_a_forged_token(client, auth, unique):
    """Joining, leaving and my groups answer 401 for a token the app did not sign."""
    group = new_group(client, auth, unique)
    forged = {"Authorization": "Bearer " + auth("bob")["Authorization"][7:-4] + "AAAA"}
    error_of(client.post(f"/api/groups/{group['id']}/members", headers=forged), 401)
    error_of(client.delete(f"/api/groups/{group['id']}/members/me", headers=forged), 401)
    error_of(client.get("/api/users/me/groups", headers=forged), 401)


@pytest.mark.visibility("after_due_date")
def test_leaving_an_unknown_group_answers_404(client, auth, unique):
    """DELETE /api/groups/{id}/members/me of a group that does not exist answers 404."""
    group = new_group(client, auth, unique, owner="bob")
    assert (
        client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob")).status_code
        == 204
    )
    error_of(client.delete("/api/groups/999997/members/me", headers=auth("bob")), 404)
