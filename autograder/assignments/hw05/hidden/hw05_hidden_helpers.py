"""What the hidden HW5 checks share: reading a 422, a forged token, new courses and groups."""

from helpers import error_of


def fields_of(response, status=422):
    body = error_of(response, status)
    assert body.get("code") == "validation_error", (
        f"expected code validation_error, got {body.get('code')}"
    )
    assert isinstance(body.get("errors"), list) and body["errors"], "a 422 lists its errors"
    return {(e["location"], e["field"]) for e in body["errors"]}


def items_of(response):
    """The `errors` items of a 422 in the app's format."""
    body = error_of(response, 422)
    assert body.get("code") == "validation_error", (
        f"expected code validation_error, got {body.get('code')}"
    )
    assert isinstance(body.get("errors"), list) and body["errors"], "a 422 lists its errors"
    return body["errors"]


def forged(auth, username="bob"):
    """A bearer token the app did not sign: a real one with its signature changed."""
    return {"Authorization": "Bearer " + auth(username)["Authorization"][7:-4] + "AAAA"}


def new_course(client, auth, unique_code, **fields):
    code = unique_code()
    payload = {"code": code, "title": f"Course {code}"} | fields
    response = client.post("/api/courses", json=payload, headers=auth("carol"))
    assert response.status_code == 201, (
        f"creating a course: expected 201, got {response.status_code}"
    )
    return response.json()


def new_group(client, auth, unique, owner="alice", course_id=1, **fields):
    payload = {"name": unique("Group"), "course_id": course_id} | fields
    response = client.post("/api/groups", json=payload, headers=auth(owner))
    assert response.status_code == 201, (
        f"creating a group: expected 201, got {response.status_code}"
    )
    return response.json()


def user_id(client, auth, username):
    response = client.get("/api/users/me", headers=auth(username))
    assert response.status_code == 200, (
        f"GET /api/users/me: expected 200, got {response.status_code}"
    )
    return response.json()["id"]
