"""Hidden HW4 contracts: joins and memberships at their edges."""

from datetime import UTC, datetime, timedelta

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


def new_group(client, auth, unique, owner="alice", course_id=1, name=None, description=None):
    payload = {"name": name or unique("Hidden group"), "course_id": course_id}
    if description is not None:
        payload["description"] = description
    response = client.post("/api/groups", json=payload, headers=auth(owner))
    assert response.status_code == 201
    return response.json()


def groups_named_against_id_order(client, auth, unique, owner="alice", course_id=1):
    """Three groups whose names sort the other way round from their ids."""
    return [
        new_group(client, auth, unique, owner=owner, course_id=course_id, name=f"{p} {unique('G')}")
        for p in ("Zz", "Mm", "Aa")
    ]


def join(client, auth, group, user):
    response = client.post(f"/api/groups/{group['id']}/members", headers=auth(user))
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    return response.json()


def leave(client, auth, group, user):
    response = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth(user))
    assert response.status_code == 204, f"expected 204, got {response.status_code}"
    return response


def user_id(client, auth, username):
    return client.get("/api/users/me", headers=auth(username)).json()["id"]


def memberships_of(db, group):
    return db(
        "SELECT user_id, joined_at FROM memberships WHERE group_id = :g ORDER BY user_id",
        g=group["id"],
    )


def usernames(client, group):
    return [m["username"] for m in client.get(f"/api/groups/{group['id']}").json()["members"]]


@pytest.mark.contract("GET /api/courses/{course_id}/groups", "behavior 3", "output 200")
def test_a_course_without_groups_lists_an_empty_list(client, auth, unique_code):
    """GET /api/courses/{id}/groups of a course with no groups answers 200 and []."""
    course = new_course(client, auth, unique_code)
    response = client.get(f"/api/courses/{course['id']}/groups")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == []


@pytest.mark.contract(
    "GET /api/courses/{course_id}/groups", "behavior 2", "output course", "output member_count"
)
def test_course_groups_come_with_course_summary_and_member_count(client, auth, unique, unique_code):
    """Each group of GET /api/courses/{id}/groups has its course and member_count."""
    course = new_course(client, auth, unique_code)
    group = new_group(client, auth, unique, owner="bob", course_id=course["id"])
    listed = client.get(f"/api/courses/{course['id']}/groups").json()
    assert [g["id"] for g in listed] == [group["id"]]
    summary = {"id": course["id"], "code": course["code"], "title": course["title"]}
    assert listed[0]["course"] == summary
    assert listed[0]["member_count"] == 1


@pytest.mark.contract("GET /api/courses/{course_id}/groups", "input course_id", "behavior 2")
def test_course_groups_are_listed_in_id_order(client, auth, unique, unique_code):
    """GET /api/courses/{id}/groups lists the course's groups ordered by id."""
    course = new_course(client, auth, unique_code)
    groups = groups_named_against_id_order(client, auth, unique, course_id=course["id"])
    response = client.get(f"/api/courses/{course['id']}/groups")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert [g["id"] for g in response.json()] == [g["id"] for g in groups], (
        "expected the course's groups, ordered by id"
    )


@pytest.mark.contract(
    "GET /api/courses/{course_id}/groups",
    "output 200",
    "output id",
    "output name",
    "output course",
    "output member_count",
    "output description",
)
def test_course_groups_are_shown_exactly_as_in_the_group_list(client, auth, unique, unique_code):
    """Each group of GET /api/courses/{id}/groups is shown exactly as GET /api/groups shows it."""
    course = new_course(client, auth, unique_code)
    first = new_group(client, auth, unique, course_id=course["id"], description=unique("Notes"))
    second = new_group(client, auth, unique, owner="bob", course_id=course["id"])
    join(client, auth, first, "dave")
    listed = client.get(f"/api/courses/{course['id']}/groups")
    assert listed.status_code == 200, f"expected 200, got {listed.status_code}"
    everything = {g["id"]: g for g in client.get("/api/groups").json()}
    assert listed.json() == [everything[first["id"]], everything[second["id"]]], (
        "the course's groups should have the same fields and values as in GET /api/groups"
    )


@pytest.mark.contract("GET /api/courses/{course_id}/groups", "behavior 1", "error 404")
def test_the_groups_of_an_unknown_course_answer_404_not_found(
    client, auth, unique_code, missing_id
):
    """GET /api/courses/{id}/groups of an unknown course answers 404 with code not_found."""
    course = new_course(client, auth, unique_code)
    known = client.get(f"/api/courses/{course['id']}/groups")
    assert known.status_code == 200, (
        f"expected 200 for a course that exists, got {known.status_code}"
    )
    body = error_of(client.get(f"/api/courses/{missing_id()}/groups"), 404)
    assert body["code"] == "not_found", "expected the code not_found"


@pytest.mark.contract("GET /api/groups/{group_id}", "output members")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 5")
def test_members_are_listed_in_the_order_they_joined(client, auth, unique):
    """GET /api/groups/{id} lists members in joining order."""
    group = new_group(client, auth, unique, owner="dave")
    for user in ("carol", "alice"):
        assert (
            client.post(f"/api/groups/{group['id']}/members", headers=auth(user)).status_code == 201
        )
    members = client.get(f"/api/groups/{group['id']}").json()["members"]
    assert [m["username"] for m in members] == ["dave", "carol", "alice"]


@pytest.mark.contract(
    "GET /api/groups/{group_id}",
    "behavior 1",
    "output 200",
    "output id",
    "output members",
    "output member_count",
)
def test_group_detail_is_the_listed_group_plus_its_members(client, auth, unique):
    """GET /api/groups/{id} shows the group as GET /api/groups does, plus its members."""
    group = new_group(client, auth, unique, owner="alice", description=unique("Notes"))
    for user in ("bob", "carol"):
        join(client, auth, group, user)
    leave(client, auth, group, "bob")
    response = client.get(f"/api/groups/{group['id']}")
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    detail = response.json()
    listed = next(g for g in client.get("/api/groups").json() if g["id"] == group["id"])
    assert {key: value for key, value in detail.items() if key != "members"} == listed, (
        "apart from members, the group should be shown exactly as in GET /api/groups"
    )
    expected = [
        {"id": user_id(client, auth, name), "username": name} for name in ("alice", "carol")
    ]
    assert detail["members"] == expected, "expected the members, each as {id, username}"
    assert detail["member_count"] == len(detail["members"]), (
        "member_count should equal the number of members"
    )


@pytest.mark.contract(
    "POST /api/groups/{group_id}/members", "output 201", "output group_id", "output user_id"
)
def test_join_answers_the_new_membership_of_the_current_user(client, auth, unique):
    """POST /api/groups/{id}/members answers 201 with the group's id and the current user's id."""
    group = new_group(client, auth, unique, owner="bob")
    response = client.post(f"/api/groups/{group['id']}/members", headers=auth("carol"))
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    body = response.json()
    assert body.get("group_id") == group["id"], "group_id should be the id of the group joined"
    assert body.get("user_id") == user_id(client, auth, "carol"), (
        "user_id should be the id of the user who joined"
    )


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 4", "output joined_at")
def test_joined_at_is_the_time_of_joining_in_iso_8601(client, auth, unique, db):
    """Joining stores one membership row and answers joined_at: the current time, in ISO 8601."""
    group = new_group(client, auth, unique, owner="alice")
    before = datetime.now(UTC)
    response = client.post(f"/api/groups/{group['id']}/members", headers=auth("dave"))
    after = datetime.now(UTC)
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    raw = response.json().get("joined_at")
    try:
        joined = datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        pytest.fail("joined_at should be a date and time in ISO 8601")
    slack = timedelta(minutes=2)
    if joined.tzinfo is not None:
        now_candidates = [(before, after)]
    else:  # no offset: accept UTC or the machine's local time
        offset = datetime.now().astimezone().utcoffset() or timedelta()
        now_candidates = [
            (before.replace(tzinfo=None), after.replace(tzinfo=None)),
            (before.replace(tzinfo=None) + offset, after.replace(tzinfo=None) + offset),
        ]
    assert any(start - slack <= joined <= end + slack for start, end in now_candidates), (
        "joined_at should be the time of joining"
    )
    rows = db(
        "SELECT user_id FROM memberships WHERE group_id = :g AND user_id = :u",
        g=group["id"],
        u=user_id(client, auth, "dave"),
    )
    assert len(rows) == 1, "expected one row in memberships for this user and group"


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 3", "error 409")
def test_joining_a_group_again_answers_409_and_changes_nothing(client, auth, unique, db):
    """Joining a group you are already in answers 409 and changes no membership."""
    group = new_group(client, auth, unique, owner="alice")
    for user in ("bob", "carol"):
        join(client, auth, group, user)
    stored = memberships_of(db, group)
    error_of(client.post(f"/api/groups/{group['id']}/members", headers=auth("bob")), 409)
    assert memberships_of(db, group) == stored, "a 409 should change no row of memberships"
    assert usernames(client, group) == ["alice", "bob", "carol"], (
        "a 409 should leave the members in their joining order"
    )


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 1", "error 401")
@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 1", "error 401")
def test_without_a_valid_token_joining_and_leaving_answer_401_whatever_the_group(
    client, auth, missing_id
):
    """Joining or leaving without a valid token answers 401, whatever the group."""
    forged = {"Authorization": "Bearer " + auth("bob")["Authorization"][7:-4] + "AAAA"}
    unknown = missing_id()
    error_of(client.post(f"/api/groups/{unknown}/members"), 401)
    error_of(client.post(f"/api/groups/{unknown}/members", headers=forged), 401)
    error_of(client.delete(f"/api/groups/{unknown}/members/me"), 401)
    error_of(client.delete(f"/api/groups/{unknown}/members/me", headers=forged), 401)


@pytest.mark.contract("GET /api/users/me/groups", "behavior 2", "output 200")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 5")
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


@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 4")
@pytest.mark.contract("GET /api/groups/{group_id}", "output member_count")
@pytest.mark.contract("GET /api/users/me/groups", "behavior 2")
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


@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 4")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 4")
def test_a_member_who_left_can_join_again(client, auth, unique):
    """Leaving then joining again answers 201."""
    group = new_group(client, auth, unique, owner="alice")
    client.post(f"/api/groups/{group['id']}/members", headers=auth("carol"))
    client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("carol"))
    again = client.post(f"/api/groups/{group['id']}/members", headers=auth("carol"))
    assert again.status_code == 201, f"expected 201, got {again.status_code}"


@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 4", "output 204")
@pytest.mark.contract("GET /api/users/me/groups", "behavior 2")
@pytest.mark.contract("GET /api/groups/{group_id}", "output member_count")
def test_the_group_stays_when_its_creator_and_then_its_last_member_leave(client, auth, unique):
    """Leaving keeps the group, even when its creator or its last member leaves."""
    group = new_group(client, auth, unique, owner="alice", course_id=2)
    join(client, auth, group, "bob")
    response = leave(client, auth, group, "alice")
    assert response.content == b"", "a 204 has no body"
    detail = client.get(f"/api/groups/{group['id']}")
    assert detail.status_code == 200, "the group should stay when its creator leaves"
    assert [m["username"] for m in detail.json()["members"]] == ["bob"]
    mine = client.get("/api/users/me/groups", headers=auth("alice")).json()
    assert group["id"] not in {g["id"] for g in mine}, "a creator who left is no member"
    leave(client, auth, group, "bob")
    detail = client.get(f"/api/groups/{group['id']}")
    assert detail.status_code == 200, "the group should stay when its last member leaves"
    assert detail.json()["members"] == [] and detail.json()["member_count"] == 0
    listed = client.get("/api/courses/2/groups").json()
    assert group["id"] in {g["id"] for g in listed}, "the group should still be in its course"


@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 4")
def test_leaving_affects_no_other_membership(client, auth, unique, db):
    """Leaving deletes only your own membership: other members are not affected."""
    group = new_group(client, auth, unique, owner="alice")
    other = new_group(client, auth, unique, owner="dave")
    for user in ("bob", "carol"):
        join(client, auth, group, user)
    join(client, auth, other, "carol")
    carol = user_id(client, auth, "carol")
    stayed = [row for row in memberships_of(db, group) if row["user_id"] != carol]
    other_rows = memberships_of(db, other)
    leave(client, auth, group, "carol")
    assert memberships_of(db, group) == stayed, "the other members' rows should stay as they were"
    assert usernames(client, group) == ["alice", "bob"]
    assert memberships_of(db, other) == other_rows, "the user's other groups should not change"
    assert usernames(client, other) == ["dave", "carol"]


@pytest.mark.contract(
    "DELETE /api/groups/{group_id}/members/me", "behavior 2", "behavior 3", "error 404"
)
def test_an_unknown_group_and_not_being_a_member_answer_different_404s(
    client, auth, unique, missing_id
):
    """Leaving answers 404 for an unknown group and for a non-member; the detail says which."""
    group = new_group(client, auth, unique, owner="alice")
    unknown = missing_id()
    not_member = error_of(
        client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("dave")), 404
    )
    no_group = error_of(
        client.delete(f"/api/groups/{unknown}/members/me", headers=auth("dave")), 404
    )
    # Compare the sentences without the ids in them: they must say different things.
    assert not_member["detail"].replace(str(group["id"]), "{id}") != no_group["detail"].replace(
        str(unknown), "{id}"
    ), "the detail should say whether the group does not exist or you are not a member"


@pytest.mark.contract("GET /api/users/me/groups", "behavior 2", "output 200")
def test_my_groups_lists_each_group_once_in_id_order(client, auth, unique):
    """GET /api/users/me/groups lists each of your groups once, by id, as GET /api/groups does."""
    groups = groups_named_against_id_order(client, auth, unique, owner="alice", course_id=2)
    for group in groups:
        for user in ("carol", "dave"):
            join(client, auth, group, user)
    response = client.get("/api/users/me/groups", headers=auth("dave"))
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    ids = [g["id"] for g in response.json()]
    assert {g["id"] for g in groups} <= set(ids), "expected every group the user joined"
    assert len(ids) == len(set(ids)), "each group should be listed once"
    assert ids == sorted(ids), "the groups should be ordered by id"
    everything = {g["id"]: g for g in client.get("/api/groups").json()}
    assert all(g == everything[g["id"]] for g in response.json()), (
        "each group should be shown exactly as in GET /api/groups"
    )


@pytest.mark.contract("GET /api/users/me/groups", "behavior 3", "output 200")
def test_a_user_in_no_group_has_an_empty_list(client, auth):
    """GET /api/users/me/groups of a user in no group answers 200 and []."""
    response = client.get("/api/users/me/groups", headers=auth("erin"))
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert response.json() == []


@pytest.mark.contract("GET /api/users/me/groups", "behavior 1", "behavior 3")
def test_my_groups_cannot_be_asked_for_another_user(client, auth, unique):
    """GET /api/users/me/groups offers no way to ask for another user's groups."""
    group = new_group(client, auth, unique, owner="alice")
    other = {"user_id": user_id(client, auth, "alice"), "username": "alice"}
    plain = client.get("/api/users/me/groups", headers=auth("bob"))
    asked = client.get("/api/users/me/groups", params=other, headers=auth("bob"))
    assert asked.status_code == 200, f"expected 200, got {asked.status_code}"
    assert asked.json() == plain.json(), "the answer should not depend on who is asked for"
    assert group["id"] not in {g["id"] for g in asked.json()}
    error_of(client.get("/api/users/me/groups", params=other), 401)


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 1", "error 401")
@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 1", "error 401")
@pytest.mark.contract("GET /api/users/me/groups", "behavior 1", "error 401")
def test_membership_endpoints_reject_a_forged_token(client, auth, unique):
    """Joining, leaving and my groups answer 401 for a token the app did not sign."""
    group = new_group(client, auth, unique)
    forged = {"Authorization": "Bearer " + auth("bob")["Authorization"][7:-4] + "AAAA"}
    error_of(client.post(f"/api/groups/{group['id']}/members", headers=forged), 401)
    error_of(client.delete(f"/api/groups/{group['id']}/members/me", headers=forged), 401)
    error_of(client.get("/api/users/me/groups", headers=forged), 401)


@pytest.mark.visibility("after_due_date")
@pytest.mark.contract("DELETE /api/groups/{group_id}/members/me", "behavior 2", "error 404")
def test_leaving_an_unknown_group_answers_404(client, auth, unique, missing_id):
    """DELETE /api/groups/{id}/members/me of a group that does not exist answers 404."""
    group = new_group(client, auth, unique, owner="bob")
    assert (
        client.delete(f"/api/groups/{group['id']}/members/me", headers=auth("bob")).status_code
        == 204
    )
    error_of(client.delete(f"/api/groups/{missing_id()}/members/me", headers=auth("bob")), 404)
