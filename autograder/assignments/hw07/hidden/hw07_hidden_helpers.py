"""What the hidden HW7 checks share: groups and notes of their own, the rows behind them, and
the answers that must look alike."""

from helpers import error_of

# Sample users: alice (id 1), bob (2) and dave (4) are students, carol an instructor, erin an
# admin. alice and bob have the lowest ids, so a check that uses each as the other's
# non-owner catches an owner test written with `<` or `>` instead of `==`.
STAFF = ("carol", "erin")


def new_group(client, auth, unique, owner="alice", members=()):
    """A new study group (in course 1) with its creator and `members` in it, and no notes."""
    payload = {"name": unique("Notes group"), "course_id": 1}
    response = client.post("/api/groups", json=payload, headers=auth(owner))
    assert response.status_code == 201, (
        f"creating a group: expected 201, got {response.status_code}"
    )
    group = response.json()
    for member in members:
        join(client, auth, group, member)
    return group


def join(client, auth, group, user):
    response = client.post(f"/api/groups/{group['id']}/members", headers=auth(user))
    assert response.status_code == 201, f"joining a group: expected 201, got {response.status_code}"


def leave(client, auth, group, user):
    response = client.delete(f"/api/groups/{group['id']}/members/me", headers=auth(user))
    assert response.status_code == 204, f"leaving a group: expected 204, got {response.status_code}"


def write_note(client, auth, unique, group, writer="alice"):
    payload = {"title": unique("Note"), "body": unique("Body")}
    response = client.post(f"/api/groups/{group['id']}/notes", json=payload, headers=auth(writer))
    assert response.status_code == 201, (
        f"a member writing a note: expected 201, got {response.status_code}"
    )
    return response.json()


def note_row(db, note):
    """The note as stored, or [] when it is gone."""
    return db(
        "SELECT title, body, owner_id, group_id, updated_at FROM notes WHERE id = :id",
        id=note["id"],
    )


def listed_ids(client, auth, group, user="alice"):
    response = client.get(f"/api/groups/{group['id']}/notes", headers=auth(user))
    assert response.status_code == 200, (
        f"a member listing the notes: expected 200, got {response.status_code}"
    )
    return [note["id"] for note in response.json()]


def user_id(client, auth, username):
    response = client.get("/api/users/me", headers=auth(username))
    assert response.status_code == 200, (
        f"GET /api/users/me: expected 200, got {response.status_code}"
    )
    return response.json()["id"]


def forged(auth, username="bob"):
    """A bearer token the app did not sign: a real one with its signature changed."""
    return {"Authorization": "Bearer " + auth(username)["Authorization"][7:-4] + "AAAA"}


def no_valid_token(auth):
    """Each way of asking without a valid token: no header, and a forged token."""
    return ({}, forged(auth))


def like_a_missing_note(response, note_id, missing, missing_id):
    """An outsider's answer about a note is the answer about an id no note has, but for the id."""
    body, expected = error_of(response, 404), error_of(missing, 404)
    assert body["code"] == expected["code"] == "not_found", "expected the code not_found"
    shown = body["detail"].replace(str(note_id), "<id>")
    assert shown == expected["detail"].replace(str(missing_id), "<id>"), (
        "the 404 about an existing note differs from the 404 about a note that does not exist"
    )


def fields_of(response):
    """The (location, field) pairs of a 422 in the app's format."""
    return {(e["location"], e["field"]) for e in error_of(response, 422)["errors"]}


def new_course(client, auth, unique_code, by="carol"):
    code = unique_code()
    response = client.post(
        "/api/courses", json={"code": code, "title": f"Course {code}"}, headers=auth(by)
    )
    assert response.status_code == 201, (
        f"an instructor or admin creating a course: expected 201, got {response.status_code}"
    )
    return response.json()
