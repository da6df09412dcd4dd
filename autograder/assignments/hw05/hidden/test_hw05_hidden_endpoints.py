"""Hidden HW5 contracts: the changed endpoints, their input rules and their order of checks."""

import pytest
from hw05_hidden_helpers import fields_of, forged, items_of, new_course, new_group, user_id

from helpers import error_of

pytestmark = pytest.mark.homework("hw05")


@pytest.mark.contract("POST /api/courses", "input Authorization", "behavior 1", "paragraph 2")
def test_creating_a_course_checks_the_token_before_the_body(client, auth, unique_code, db):
    """POST /api/courses without a valid token answers 401 whatever its body, before validating."""
    code = unique_code()
    bodies = [{"title": 42}, ["not", "an", "object"], {"code": code, "title": "   ", "x": 1}]
    for headers in ({}, forged(auth, "carol")):
        for body in bodies:
            response = client.post("/api/courses", json=body, headers=headers)
            error_of(response, 401)
        error_of(client.post("/api/courses", headers=headers), 401)
        valid = client.post("/api/courses", json={"code": code, "title": "Ok"}, headers=headers)
        error_of(valid, 401)
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    items_of(client.post("/api/courses", json={"title": 42}, headers=auth("carol")))


@pytest.mark.contract("POST /api/courses", "input code", "output 201")
def test_course_codes_take_two_to_five_letters_in_any_case(client, auth, unique_code):
    """A course code is 2 to 5 letters in any case, a dash and 3 digits, stored upper-case."""
    letters, digits = unique_code().split("-")
    for sent, stored in (
        (f"  {letters.lower()}zk-{digits}  ", f"{letters}ZK-{digits}"),
        (f" {letters[0]}{letters[1].lower()}-{digits} ", f"{letters[:2]}-{digits}"),
    ):
        response = client.post(
            "/api/courses", json={"code": sent, "title": "Codes"}, headers=auth("carol")
        )
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        assert response.json()["code"] == stored, "the code is not stored upper-case"
    for bad in (
        f"{letters}{letters}-{digits}",
        f"{letters}-{digits[:2]}",
        f"{letters[:2]}1-{digits}",
        f"{letters} {digits}",
        f"{letters}--{digits}",
    ):
        response = client.post(
            "/api/courses", json={"code": bad, "title": "Codes"}, headers=auth("carol")
        )
        assert ("body", "code") in fields_of(response), "a malformed code was not refused"


@pytest.mark.contract("POST /api/courses", "behavior 3", "error 409")
def test_a_new_code_is_compared_after_normalising(client, auth, unique_code, db):
    """POST /api/courses with an existing code in another case or with spaces answers 409."""
    course = new_course(client, auth, unique_code)
    for clash in (f"  {course['code'].lower()}  ", course["code"].capitalize()):
        response = client.post(
            "/api/courses", json={"code": clash, "title": "Again"}, headers=auth("carol")
        )
        assert error_of(response, 409)["code"] == "conflict"
    rows = db("SELECT code FROM courses WHERE upper(trim(code)) = :c", c=course["code"])
    assert rows == [{"code": course["code"]}], "a second course with the same code was stored"


@pytest.mark.contract("POST /api/courses", "input description", "behavior 4", "output 201")
def test_a_new_course_answers_its_location_and_its_normalised_values(
    client, auth, unique, unique_code, db
):
    """POST /api/courses answers 201 with Location, the normalised code and title, defaults."""
    code, title = unique_code(), unique("Course")
    response = client.post(
        "/api/courses",
        json={"code": f"   {code.lower()} ", "title": f"   {title}   "},
        headers=auth("carol"),
    )
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    course = response.json()
    assert response.headers.get("location") == f"/api/courses/{course['id']}"
    assert (course["code"], course["title"]) == (code, title), "not the normalised values"
    assert (course["description"], course["credits"]) == ("", 5), "not the defaults"
    assert db("SELECT code, title FROM courses WHERE id = :i", i=course["id"]) == [
        {"code": code, "title": title}
    ]


@pytest.mark.contract("POST /api/courses", "input title")
def test_a_title_is_trimmed_before_its_length_is_checked(client, auth, unique_code):
    """A course title may have 200 characters once the spaces around it are removed, not 201."""
    title = "T" * 200
    response = client.post(
        "/api/courses",
        json={"code": unique_code(), "title": f"   {title}   "},
        headers=auth("carol"),
    )
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    assert response.json()["title"] == title
    too_long = client.post(
        "/api/courses", json={"code": unique_code(), "title": title + "T"}, headers=auth("carol")
    )
    assert ("body", "title") in fields_of(too_long)


@pytest.mark.contract("POST /api/courses", "input title", "output 201")
def test_a_title_of_one_character_is_enough(client, auth, unique_code):
    """A course title of a single character, once trimmed, is accepted and stored."""
    response = client.post(
        "/api/courses", json={"code": unique_code(), "title": "  X "}, headers=auth("carol")
    )
    assert response.status_code == 201, f"expected 201, got {response.status_code}"
    assert response.json()["title"] == "X"


@pytest.mark.contract("POST /api/courses", "input description", "error 422")
def test_course_description_and_credits_keep_their_limits(client, auth, unique_code, db):
    """POST /api/courses refuses a description over 2000 characters and credits outside 1-12."""
    code = unique_code()
    for extra, expected in (
        ({"description": "d" * 2001, "credits": 13}, ["credits", "description"]),
        ({"credits": 0}, ["credits"]),
    ):
        response = client.post(
            "/api/courses", json={"code": code, "title": "Limits"} | extra, headers=auth("carol")
        )
        fields = sorted(item["field"] for item in items_of(response))
        assert fields == expected, f"expected {expected}, got {fields}"
    assert db("SELECT id FROM courses WHERE code = :c", c=code) == []
    kept = client.post(
        "/api/courses",
        json={"code": code, "title": "Limits", "description": "d" * 2000, "credits": 12},
        headers=auth("carol"),
    )
    assert kept.status_code == 201, f"expected 201, got {kept.status_code}"


# --- PATCH /api/courses/{course_id} -------------------------------------------------------


@pytest.mark.contract("PATCH /api/courses/{course_id}", "input Authorization", "behavior 1")
def test_patch_checks_the_token_the_id_and_the_course(client, auth, unique_code, missing_id):
    """PATCH /api/courses/{id} answers 401 without a valid token, 422 for id 0, 404 if unknown."""
    course = new_course(client, auth, unique_code)
    change = {"title": "Changed"}
    for headers in ({}, forged(auth, "carol")):
        response = client.patch(f"/api/courses/{course['id']}", json=change, headers=headers)
        error_of(response, 401)
    assert client.get(f"/api/courses/{course['id']}").json() == course
    assert ("path", "course_id") in fields_of(
        client.patch("/api/courses/0", json=change, headers=auth("carol"))
    )
    unknown = client.patch(f"/api/courses/{missing_id()}", json=change, headers=auth("carol"))
    assert error_of(unknown, 404)["code"] == "not_found"


@pytest.mark.contract("PATCH /api/courses/{course_id}", "input code", "behavior 3")
def test_patch_to_its_own_code_in_another_form_is_not_a_conflict(client, auth, unique_code):
    """PATCH a course's code to its own code in another case or with spaces answers 200."""
    course = new_course(client, auth, unique_code)
    other = new_course(client, auth, unique_code)
    same = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": f"  {course['code'].lower()} "},
        headers=auth("carol"),
    )
    assert same.status_code == 200, f"expected 200, got {same.status_code}"
    assert same.json()["code"] == course["code"]
    clash = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": f" {other['code'].lower()}  "},
        headers=auth("carol"),
    )
    assert error_of(clash, 409)["code"] == "conflict"
    assert client.get(f"/api/courses/{course['id']}").json()["code"] == course["code"]


@pytest.mark.contract(
    "PATCH /api/courses/{course_id}", "input code", "behavior 4", "output 200", "paragraph 1"
)
def test_patch_stores_the_normalised_values(client, auth, unique, unique_code, db):
    """PATCH /api/courses/{id} stores and answers the trimmed title and the upper-case code."""
    course = new_course(client, auth, unique_code)
    code, title = unique_code(), unique("Renamed")
    response = client.patch(
        f"/api/courses/{course['id']}",
        json={"code": f"  {code.lower()}  ", "title": f"  {title}  "},
        headers=auth("carol"),
    )
    assert response.status_code == 200, f"expected 200, got {response.status_code}"
    assert (response.json()["code"], response.json()["title"]) == (code, title)
    assert db("SELECT code, title FROM courses WHERE id = :i", i=course["id"]) == [
        {"code": code, "title": title}
    ]
    blank = client.patch(
        f"/api/courses/{course['id']}", json={"title": "   "}, headers=auth("carol")
    )
    assert ("body", "title") in fields_of(blank)


@pytest.mark.contract("PATCH /api/courses/{course_id}", "input null", "behavior 2", "error 422")
def test_patch_refuses_null_in_the_app_format(client, auth, unique_code):
    """PATCH /api/courses/{id} with a field sent as null answers 422 and changes nothing."""
    course = new_course(client, auth, unique_code)
    for body in ({"title": None}, {"code": None, "credits": 3}):
        items_of(client.patch(f"/api/courses/{course['id']}", json=body, headers=auth("carol")))
    assert client.get(f"/api/courses/{course['id']}").json() == course


# --- POST /api/groups ---------------------------------------------------------------------


@pytest.mark.contract("POST /api/groups", "input Authorization", "behavior 1", "paragraph 3")
def test_creating_a_group_needs_a_valid_token(client, auth, unique, db):
    """POST /api/groups without a valid token answers 401 and stores nothing."""
    name = unique("Tokenless")
    body = {"name": name, "course_id": 1, "max_members": 3}
    for headers in ({}, forged(auth, "alice")):
        error_of(client.post("/api/groups", json=body, headers=headers), 401)
    assert db("SELECT id FROM study_groups WHERE name = :n", n=name) == []
    created = client.post("/api/groups", json=body, headers=auth("alice"))
    assert created.status_code == 201, f"expected 201, got {created.status_code}"
    assert created.json()["max_members"] == 3


@pytest.mark.contract("POST /api/groups", "input name", "output name")
def test_group_names_keep_3_to_80_characters_after_trimming(client, auth, unique, unique_code):
    """A group name keeps 3 to 80 characters once the spaces around it are removed."""
    course = new_course(client, auth, unique_code)
    short = unique("Short")[:3]
    long = (unique("Long") + " " + "n" * 80)[:80]
    for name in (short, long):
        response = client.post(
            "/api/groups",
            json={"name": f"    {name}    ", "course_id": course["id"]},
            headers=auth("alice"),
        )
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        assert response.json()["name"] == name
    too_long = client.post(
        "/api/groups", json={"name": long + "n", "course_id": course["id"]}, headers=auth("alice")
    )
    assert ("body", "name") in fields_of(too_long)


@pytest.mark.contract("POST /api/groups", "input description", "error 422")
def test_group_descriptions_keep_their_500_character_limit(client, auth, unique):
    """POST /api/groups refuses a description over 500 characters and accepts 500."""
    name = unique("Described")
    response = client.post(
        "/api/groups",
        json={"name": name, "course_id": 1, "description": "d" * 501},
        headers=auth("alice"),
    )
    assert [(i["location"], i["field"]) for i in items_of(response)] == [("body", "description")]
    kept = new_group(client, auth, unique, description="d" * 500)
    assert kept["description"] == "d" * 500


@pytest.mark.contract("POST /api/groups", "input max_members", "output max_members", "behavior 5")
def test_max_members_accepts_2_and_12_and_stores_them(client, auth, unique, db):
    """POST /api/groups accepts `max_members` 2 and 12, stores it and shows it."""
    for size in (2, 12):
        group = new_group(client, auth, unique, owner="bob", max_members=size)
        assert group["max_members"] == size, "the response does not show the stored limit"
        rows = db("SELECT max_members FROM study_groups WHERE id = :g", g=group["id"])
        assert rows == [{"max_members": size}]


@pytest.mark.contract("POST /api/groups", "behavior 2", "error 422")
def test_max_members_is_checked_with_the_body_before_course_and_name(
    client, auth, unique, missing_id
):
    """`max_members` outside 2-12 answers 422 even when the course is unknown or the name taken."""
    unknown_course = client.post(
        "/api/groups",
        json={"name": unique("Odd"), "course_id": missing_id(), "max_members": 13},
        headers=auth("alice"),
    )
    assert ("body", "max_members") in fields_of(unknown_course)
    group = new_group(client, auth, unique)
    taken = client.post(
        "/api/groups",
        json={"name": group["name"], "course_id": 1, "max_members": 0},
        headers=auth("alice"),
    )
    assert ("body", "max_members") in fields_of(taken)


@pytest.mark.contract("POST /api/groups", "input course_id", "behavior 3", "paragraph 3")
def test_a_group_needs_a_positive_known_course_id(client, auth, unique, missing_id):
    """POST /api/groups answers 422 for a missing or non-positive course_id, 404 for an unknown."""
    name = unique("Homeless")
    for body in ({"name": name}, {"name": name, "course_id": 0}, {"name": name, "course_id": -2}):
        response = client.post("/api/groups", json=body, headers=auth("alice"))
        assert ("body", "course_id") in fields_of(response)
    unknown = client.post(
        "/api/groups", json={"name": name, "course_id": missing_id()}, headers=auth("alice")
    )
    assert error_of(unknown, 404)["code"] == "not_found"


@pytest.mark.contract("POST /api/groups", "behavior 4", "error 409")
def test_a_group_name_is_compared_after_trimming(client, auth, unique, unique_code, db):
    """POST /api/groups with a name the course already has, spaces around it, answers 409."""
    course = new_course(client, auth, unique_code)
    group = new_group(client, auth, unique, course_id=course["id"])
    response = client.post(
        "/api/groups",
        json={"name": f"   {group['name']}  ", "course_id": course["id"]},
        headers=auth("bob"),
    )
    assert error_of(response, 409)["code"] == "conflict"
    rows = db("SELECT name FROM study_groups WHERE course_id = :c", c=course["id"])
    assert rows == [{"name": group["name"]}]


@pytest.mark.contract("POST /api/groups", "output 201", "behavior 5")
def test_a_new_group_has_every_field_and_its_creator_as_member(client, auth, unique, db):
    """POST /api/groups answers 201 with every field of a group; its creator is its member."""
    group = new_group(client, auth, unique, owner="carol", max_members=4)
    expected = {"id", "name", "description", "course", "member_count", "created_at", "max_members"}
    assert expected <= set(group), f"missing fields: {sorted(expected - set(group))}"
    assert (group["member_count"], group["max_members"]) == (1, 4)
    assert group["course"]["id"] == 1
    members = db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])
    assert members == [{"user_id": user_id(client, auth, "carol")}]
    assert db("SELECT max_members FROM study_groups WHERE id = :g", g=group["id"]) == [
        {"max_members": 4}
    ]


@pytest.mark.contract("POST /api/groups", "paragraph 2")
def test_every_group_response_shows_max_members(client, auth, unique, unique_code):
    """GET /api/groups, /api/groups/{id}, a course's groups and my groups all show max_members."""
    course = new_course(client, auth, unique_code)
    group = new_group(client, auth, unique, owner="dave", course_id=course["id"], max_members=5)
    listings = {
        "GET /api/groups": client.get("/api/groups"),
        "GET /api/courses/{id}/groups": client.get(f"/api/courses/{course['id']}/groups"),
        "GET /api/users/me/groups": client.get("/api/users/me/groups", headers=auth("dave")),
    }
    for route, response in listings.items():
        assert response.status_code == 200, f"{route}: expected 200, got {response.status_code}"
        shown = [g.get("max_members") for g in response.json() if g.get("id") == group["id"]]
        assert shown == [5], f"{route} does not show the group's max_members"
    detail = client.get(f"/api/groups/{group['id']}")
    assert detail.status_code == 200, f"expected 200, got {detail.status_code}"
    assert detail.json().get("max_members") == 5, "GET /api/groups/{id} does not show it"


# --- POST /api/groups/{group_id}/members --------------------------------------------------


@pytest.mark.contract(
    "POST /api/groups/{group_id}/members",
    "input Authorization",
    "input group_id",
    "behavior 1",
    "behavior 2",
    "behavior 3",
    "error 422",
    "paragraph 2",
)
def test_joining_checks_the_token_first(client, auth, unique, missing_id, db):
    """Joining without a valid token answers 401 before the id, the group or its size is checked."""
    group = new_group(client, auth, unique, max_members=2)
    assert client.post(f"/api/groups/{group['id']}/members", headers=auth("bob")).status_code == 201
    for headers in ({}, forged(auth, "dave")):
        for target in (0, -4, missing_id(), group["id"]):
            error_of(client.post(f"/api/groups/{target}/members", headers=headers), 401)
    assert len(db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])) == 2
    for target in (0, -4):
        response = client.post(f"/api/groups/{target}/members", headers=auth("dave"))
        assert ("path", "group_id") in fields_of(response)
    unknown = client.post(f"/api/groups/{missing_id()}/members", headers=auth("dave"))
    assert error_of(unknown, 404)["code"] == "not_found"


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 4", "error 409")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "error 409 (2)")
def test_a_member_of_a_full_group_hears_already_a_member_not_full(client, auth, unique):
    """A member joining again answers 409 "already a member", even when the group is full."""
    group = new_group(client, auth, unique, max_members=2)
    path = f"/api/groups/{group['id']}/members"
    assert client.post(path, headers=auth("bob")).status_code == 201
    for member in ("alice", "bob"):
        again = error_of(client.post(path, headers=auth(member)), 409)
        assert "full" not in again["detail"].lower(), "a member was told the group is full"
    newcomer = error_of(client.post(path, headers=auth("dave")), 409)
    assert "full" in newcomer["detail"].lower(), "the detail does not say the group is full"


@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 6", "output 201")
@pytest.mark.contract("POST /api/groups/{group_id}/members", "behavior 5")
def test_a_group_takes_members_until_it_reaches_max_members(client, auth, unique, db):
    """Joining answers 201 with the membership while there is room, 409 once max_members is hit."""
    group = new_group(client, auth, unique, owner="carol", max_members=3)
    path = f"/api/groups/{group['id']}/members"
    for member in ("bob", "dave"):
        response = client.post(path, headers=auth(member))
        assert response.status_code == 201, f"expected 201, got {response.status_code}"
        joined = response.json()
        assert (joined.get("group_id"), joined.get("user_id")) == (
            group["id"],
            user_id(client, auth, member),
        )
        assert isinstance(joined.get("joined_at"), str) and joined["joined_at"]
    assert error_of(client.post(path, headers=auth("erin")), 409)["code"] == "conflict"
    assert len(db("SELECT user_id FROM memberships WHERE group_id = :g", g=group["id"])) == 3
    assert client.get(f"/api/groups/{group['id']}").json()["member_count"] == 3
