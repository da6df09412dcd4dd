# >>> homework hw10
# === starter
# """HW10: your tests of the paths where a backend goes wrong: auth, ownership, verification
# and errors.
#
# The HW10 page lists the behaviors. Write your tests in this file (or in more files named
# tests/test_hw10_*.py). The grader runs them against the working app, where they must all
# pass, and against copies of it with one realistic bug each: every bug your tests catch earns
# points, and the feedback names the behavior of each bug they missed. The tests the starter
# already has do not count, and none of the bugs is caught by them: look for what they leave
# untested.
#
# Test at the HTTP boundary (the `client` fixture), read what was stored with `db`, read the
# email the app sent with `mailbox`, and make fresh data in each test (`unique`, a new
# account, a new course): the grader may run your tests against a live server, in any order.
# """
#
#
# def test_a_request_without_a_token_is_refused_with_401(client):
#     response = client.get("/api/users/me")
#     assert response.status_code == 401
#     assert response.json()["code"] == "not_authenticated"
#
#
# # TODO(hw10): log in - what a wrong password, an unknown user, a username in capitals answer;
# # what the token may and may not be used for after the password changes.
#
# # TODO(hw10): ownership - who may read, change and delete a note, and what an outsider,
# # a member and the owner each get.
#
# # TODO(hw10): verification - the token from the email works once, a newer email retires
# # the older token, an unverified account cannot create a group.
#
# # TODO(hw10): error paths - bad input, unknown ids, conflicts: the status, the error body's
# # `code` and that nothing was stored.
# <<<
