"""Contract: GET /api/courses lists every course, ordered by code."""


def test_list_courses_includes_the_sample_courses_in_code_order(client):
    response = client.get("/api/courses")
    assert response.status_code == 200
    courses = response.json()
    codes = [course["code"] for course in courses]
    assert {"CS-101", "CS-341", "DB-210", "MATH-150"} <= set(codes)
    assert codes == sorted(codes)
    backend = next(course for course in courses if course["code"] == "CS-341")
    assert backend["title"] == "Backend Development"
    assert {"id", "description", "credits", "created_at"} <= backend.keys()
