"""Hidden contracts of milestone 1's profiles: reading one, following and unfollowing."""

import pytest
from capstone_hidden_helpers import error_of, follow, forged, register

pytestmark = pytest.mark.homework("capstone")

PROFILE_FIELDS = {"username", "bio", "image", "following"}


@pytest.mark.contract(
    "GET /api/profiles/{username}",
    "paragraph 1",
    "behavior 1",
    "output 200",
    "output username",
    "output bio",
    "output image",
    "output following",
)
def test_a_profile_is_readable_by_anyone_in_any_case(client, unique):
    """GET /api/profiles/{username} answers 200 with username, bio, image and following, for
    the name written in any case, without a token."""
    writer = register(client, unique)
    client.put(
        "/api/user",
        json={"user": {"bio": "I write.", "image": "https://x.test/w.png"}},
        headers=writer.headers,
    )
    for name in (writer.username, writer.username.upper()):
        response = client.get(f"/api/profiles/{name}")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"profile"}, 'the answer is {"profile": {...}}'
        assert set(body["profile"]) == PROFILE_FIELDS, "a profile has exactly its four fields"
        assert body["profile"] == {
            "username": writer.username,
            "bio": "I write.",
            "image": "https://x.test/w.png",
            "following": False,
        }
    bare = client.get(f"/api/profiles/{register(client, unique).username}").json()["profile"]
    assert (bare["bio"], bare["image"]) == (None, None), "no bio or image reads null"


@pytest.mark.contract("GET /api/profiles/{username}", "behavior 2")
@pytest.mark.contract("POST /api/profiles/{username}/follow", "paragraph 1", "behavior 1")
def test_following_shows_in_the_followers_view_of_the_profile_only(client, unique):
    """POST /api/profiles/{username}/follow answers the profile with following true; the
    profile says so to the follower only."""
    reader, author, other = (register(client, unique) for _ in range(3))
    response = follow(client, reader, author.username)
    assert response.status_code == 200
    assert response.json()["profile"]["username"] == author.username
    assert response.json()["profile"]["following"] is True
    path = f"/api/profiles/{author.username}"
    assert client.get(path, headers=reader.headers).json()["profile"]["following"] is True
    assert client.get(path, headers=other.headers).json()["profile"]["following"] is False
    assert client.get(path).json()["profile"]["following"] is False, "without a token: false"


@pytest.mark.contract("GET /api/profiles/{username}", "behavior 3", "error 404")
def test_an_unknown_profile_answers_404(client, unique):
    """GET /api/profiles/{username} answers 404 for a name nobody has."""
    error_of(client.get(f"/api/profiles/{unique('nobody')}"), 404)


@pytest.mark.contract("POST /api/profiles/{username}/follow", "behavior 2")
def test_following_twice_stores_one_follow(client, unique, db):
    """POST /api/profiles/{username}/follow twice changes nothing: one follow is stored."""
    reader, author = register(client, unique), register(client, unique)
    for _ in range(2):
        response = follow(client, reader, author.username)
        assert response.status_code == 200
        assert response.json()["profile"]["following"] is True
    rows = db(
        "SELECT count(*) AS n FROM follows f JOIN users u ON u.id = f.follower_id "
        "WHERE u.username = :u",
        u=reader.username,
    )
    assert rows == [{"n": 1}], "one follow is stored"


@pytest.mark.contract("POST /api/profiles/{username}/follow", "behavior 3", "error 422")
def test_following_oneself_answers_422(client, unique):
    """POST /api/profiles/{username}/follow of oneself answers 422."""
    reader = register(client, unique)
    error_of(follow(client, reader, reader.username), 422)
    profile = client.get(f"/api/profiles/{reader.username}", headers=reader.headers)
    assert profile.json()["profile"]["following"] is False, "nobody follows themselves"


@pytest.mark.contract(
    "POST /api/profiles/{username}/follow", "behavior 4", "error 401", "error 404"
)
def test_following_needs_a_token_and_a_user(client, unique):
    """POST /api/profiles/{username}/follow answers 401 without a valid token and 404 for an
    unknown user."""
    reader, author = register(client, unique), register(client, unique)
    error_of(client.post(f"/api/profiles/{author.username}/follow"), 401)
    error_of(client.post(f"/api/profiles/{author.username}/follow", headers=forged(reader)), 401)
    error_of(follow(client, reader, unique("nobody")), 404)


@pytest.mark.contract("DELETE /api/profiles/{username}/follow", "paragraph 1", "behavior 1")
def test_unfollowing_ends_the_follow(client, unique):
    """DELETE /api/profiles/{username}/follow answers the profile with following false, and
    the follow is gone."""
    reader, author = register(client, unique), register(client, unique)
    follow(client, reader, author.username)
    response = client.delete(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    assert response.status_code == 200
    assert response.json()["profile"]["username"] == author.username
    assert response.json()["profile"]["following"] is False
    again = client.get(f"/api/profiles/{author.username}", headers=reader.headers)
    assert again.json()["profile"]["following"] is False, "the follow is gone"


@pytest.mark.contract("DELETE /api/profiles/{username}/follow", "behavior 2")
def test_unfollowing_someone_not_followed_changes_nothing(client, unique):
    """DELETE /api/profiles/{username}/follow of a user not followed answers the same 200."""
    reader, author, other = (register(client, unique) for _ in range(3))
    follow(client, other, author.username)
    response = client.delete(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    assert response.status_code == 200
    assert response.json()["profile"]["following"] is False
    still = client.get(f"/api/profiles/{author.username}", headers=other.headers)
    assert still.json()["profile"]["following"] is True, "another reader's follow stays"


@pytest.mark.contract(
    "DELETE /api/profiles/{username}/follow", "behavior 3", "error 401", "error 404"
)
def test_unfollowing_needs_a_token_and_a_user(client, unique):
    """DELETE /api/profiles/{username}/follow answers 401 without a valid token and 404 for
    an unknown user."""
    reader, author = register(client, unique), register(client, unique)
    follow(client, reader, author.username)
    error_of(client.delete(f"/api/profiles/{author.username}/follow"), 401)
    error_of(client.delete(f"/api/profiles/{author.username}/follow", headers=forged(reader)), 401)
    error_of(client.delete(f"/api/profiles/{unique('nobody')}/follow", headers=reader.headers), 404)
    kept = client.get(f"/api/profiles/{author.username}", headers=reader.headers)
    assert kept.json()["profile"]["following"] is True, "a refused unfollow changes nothing"


@pytest.mark.contract("DELETE /api/profiles/{username}/follow", "behavior 1")
def test_unfollowing_ends_only_that_follow(client, unique):
    """DELETE /api/profiles/{username}/follow ends the reader's follow of that user only: the
    reader's other follows and other readers' follows of that user stay."""
    early = register(client, unique)  # the oldest account of this check
    before, author, reader, after = (register(client, unique) for _ in range(4))
    for followed in (before, author, after):
        follow(client, reader, followed.username)
    follow(client, early, author.username)
    response = client.delete(f"/api/profiles/{author.username}/follow", headers=reader.headers)
    assert response.status_code == 200
    for followed, still in ((before, True), (author, False), (after, True)):
        shown = client.get(f"/api/profiles/{followed.username}", headers=reader.headers)
        assert shown.json()["profile"]["following"] is still, "only that follow ends"
    kept = client.get(f"/api/profiles/{author.username}", headers=early.headers)
    assert kept.json()["profile"]["following"] is True, "another reader's follow stays"
