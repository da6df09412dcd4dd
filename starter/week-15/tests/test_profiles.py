"""Contract: profiles and following.

GET    /api/profiles/{username}          200 {"profile": {username, bio, image, following}},
                                         token optional (`following` false without one); 404
POST   /api/profiles/{username}/follow   200 the profile, `following` true (twice: no change)
                                         401; 404 unknown user; 422 oneself
DELETE /api/profiles/{username}/follow   200 the profile, `following` false; 401; 404
A username in a path may be written in any case.
"""

import pytest

from helpers import errors_of


@pytest.mark.homework("capstone")
def test_a_profile_is_readable_without_a_token(client, make_user):
    writer = make_user()
    client.put("/api/user", json={"user": {"bio": "I write."}}, headers=writer.headers)
    response = client.get(f"/api/profiles/{writer.username}")
    assert response.status_code == 200
    assert response.json() == {
        "profile": {
            "username": writer.username,
            "bio": "I write.",
            "image": None,
            "following": False,
        }
    }


@pytest.mark.homework("capstone")
def test_a_username_in_the_path_may_be_written_in_any_case(client, make_user):
    writer = make_user()
    response = client.get(f"/api/profiles/{writer.username.upper()}")
    assert response.json()["profile"]["username"] == writer.username


@pytest.mark.homework("capstone")
def test_an_unknown_profile_answers_404(client, unique):
    errors_of(client.get(f"/api/profiles/{unique('nobody')}"), 404)


@pytest.mark.homework("capstone")
def test_following_shows_in_the_followers_view_of_the_profile_only(client, make_user):
    reader, writer, bystander = make_user(), make_user(), make_user()
    response = client.post(f"/api/profiles/{writer.username}/follow", headers=reader.headers)
    assert response.status_code == 200
    assert response.json()["profile"]["following"] is True
    path = f"/api/profiles/{writer.username}"
    assert client.get(path, headers=reader.headers).json()["profile"]["following"] is True
    assert client.get(path, headers=bystander.headers).json()["profile"]["following"] is False
    assert client.get(path).json()["profile"]["following"] is False
    # Following is one way.
    back = client.get(f"/api/profiles/{reader.username}", headers=writer.headers)
    assert back.json()["profile"]["following"] is False


@pytest.mark.homework("capstone")
def test_following_twice_changes_nothing(client, make_user, db):
    reader, writer = make_user(), make_user()
    for _ in range(2):
        response = client.post(f"/api/profiles/{writer.username}/follow", headers=reader.headers)
        assert response.json()["profile"]["following"] is True
    rows = db(
        "SELECT COUNT(*) AS n FROM follows JOIN users ON users.id = follows.follower_id "
        "WHERE users.username = :u",
        u=reader.username,
    )
    assert rows == [{"n": 1}]


@pytest.mark.homework("capstone")
def test_unfollowing_ends_it_and_unfollowing_again_changes_nothing(client, make_user):
    reader, writer = make_user(), make_user()
    client.post(f"/api/profiles/{writer.username}/follow", headers=reader.headers)
    for _ in range(2):
        response = client.delete(f"/api/profiles/{writer.username}/follow", headers=reader.headers)
        assert response.status_code == 200
        assert response.json()["profile"] == {
            "username": writer.username,
            "bio": None,
            "image": None,
            "following": False,
        }
    path = f"/api/profiles/{writer.username}"
    assert client.get(path, headers=reader.headers).json()["profile"]["following"] is False


@pytest.mark.homework("capstone")
def test_following_oneself_answers_422(client, make_user):
    reader = make_user()
    response = client.post(f"/api/profiles/{reader.username}/follow", headers=reader.headers)
    assert errors_of(response, 422) == ["you cannot follow yourself"]


@pytest.mark.homework("capstone")
def test_following_needs_a_token(client, make_user):
    writer = make_user()
    errors_of(client.post(f"/api/profiles/{writer.username}/follow"), 401)
    errors_of(client.delete(f"/api/profiles/{writer.username}/follow"), 401)


@pytest.mark.homework("capstone")
def test_following_an_unknown_user_answers_404(client, make_user, unique):
    reader = make_user()
    errors_of(client.post(f"/api/profiles/{unique('ghost')}/follow", headers=reader.headers), 404)
    errors_of(client.delete(f"/api/profiles/{unique('ghost')}/follow", headers=reader.headers), 404)


def test_a_username_longer_than_any_account_answers_422(client):
    errors_of(client.get(f"/api/profiles/{'x' * 41}"), 422)
