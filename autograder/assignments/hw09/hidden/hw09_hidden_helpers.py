"""What the hidden HW9 checks share: courses of their own with a limit, groups in them, the
rows behind them, and requests sent at the same moment."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

# Sample users: alice, bob and dave are verified students, carol an instructor, erin an admin.
STUDENTS = ("alice", "bob", "dave")
STAFF = ("carol", "erin")


def new_course(client, auth, unique_code, max_groups=2, by="carol", **fields):
    """A new course with the limit given (None: the field is left out)."""
    payload = {"code": unique_code(), "title": "Capacity", **fields}
    if max_groups is not None:
        payload["max_groups"] = max_groups
    response = client.post("/api/courses", json=payload, headers=auth(by))
    assert response.status_code == 201, (
        f"an instructor creating a course: expected 201, got {response.status_code}"
    )
    return response.json()


def post_group(client, headers, course, name):
    payload = {"name": name, "course_id": course["id"]}
    return client.post("/api/groups", json=payload, headers=headers)


def fill(client, auth, unique, course, count):
    """`count` new groups in the course, made in turn by the sample students."""
    for index in range(count):
        student = STUDENTS[index % len(STUDENTS)]
        response = post_group(client, auth(student), course, unique("Capacity group"))
        assert response.status_code == 201, (
            f"a group in a course with room: expected 201, got {response.status_code}"
        )


def group_count(db, course):
    rows = db("SELECT count(*) AS n FROM study_groups WHERE course_id = :c", c=course["id"])
    return rows[0]["n"]


def member_count(db, course):
    """Memberships in the groups of the course: a refused group must add none."""
    rows = db(
        "SELECT count(*) AS n FROM memberships m JOIN study_groups g ON g.id = m.group_id "
        "WHERE g.course_id = :c",
        c=course["id"],
    )
    return rows[0]["n"]


def course_row(db, course):
    return db(
        "SELECT code, title, description, credits, max_groups FROM courses WHERE id = :c",
        c=course["id"],
    )


def names_number(detail, course, number):
    """The number stands in the detail on its own, not as part of the course's code."""
    return re.search(rf"(?<!\d){number}(?!\d)", detail.replace(course["code"], "")) is not None


def forged(auth, username="carol"):
    """A bearer token the app did not sign: a real one with its signature changed."""
    return {"Authorization": "Bearer " + auth(username)["Authorization"][7:-4] + "AAAA"}


def unverified_student(client, unique):
    """Headers with a token of a new account, which is unverified until its email is used."""
    username = unique("Student").replace(" ", "_").lower()
    password = f"{username}-long-password"
    account = {"username": username, "email": f"{username}@example.edu", "password": password}
    created = client.post("/api/auth/register", json=account)
    assert created.status_code == 201, f"registering: expected 201, got {created.status_code}"
    login = client.post("/api/auth/login", json={"username": username, "password": password})
    assert login.status_code == 200, f"logging in: expected 200, got {login.status_code}"
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def at_once(client, auth, unique, course, count):
    """`count` POST /api/groups for the course, released together from as many threads, so
    each goes out on a connection of its own; their statuses, sorted."""
    requests = [
        (auth(STUDENTS[index % len(STUDENTS)]), unique("Race group")) for index in range(count)
    ]
    barrier = threading.Barrier(count)

    def send(request):
        headers, name = request
        barrier.wait()
        return post_group(client, headers, course, name).status_code

    with ThreadPoolExecutor(count) as pool:
        return sorted(pool.map(send, requests))
