# >>> homework hw01
# === starter
# """HW1: your tests for endpoints that already work, written from their behavior contracts.
#
# Write one test function per behavior of the contracts on the HW1 page:
#   GET /api/users/me, GET /api/courses, GET /api/groups and POST /api/groups.
# Test what a client can observe: status codes, response bodies, headers, and (with the `db`
# fixture) what the database holds afterwards. The grader runs your tests against the working
# app (they must all pass) and against copies of it with one bug planted in each: every bug
# your tests catch earns points. test_auth.py shows the style; conftest.py lists the fixtures.
# """
#
#
# def test_list_courses_answers_200_with_a_list(client):
#     response = client.get("/api/courses")
#     assert response.status_code == 200
#     assert isinstance(response.json(), list)
#
#
# # TODO(hw01): GET /api/users/me - who does it return? what does it never return? without a
# # token? with a bad token?
#
# # TODO(hw01): GET /api/courses - which fields does each course have? in which order?
#
# # TODO(hw01): GET /api/groups - what does each group tell about its course and members?
#
# # TODO(hw01): POST /api/groups - status, body, who becomes a member (check with `db`),
# # and every error in the contract: 401, 404, 409, 422.
# <<<
