"""Hidden HW8 contracts: GET /api/courses?search= treats every character as text.

Each check creates courses that really contain the text it searches for, beside decoys that a
wildcard, a stripped quote or pasted SQL would also find, and compares the answer with every
course that contains the text (`containing`)."""

import pytest
from hw08_hidden_helpers import codes, containing, new_course, search

from helpers import error_of

pytestmark = pytest.mark.homework("hw08")


@pytest.mark.contract("GET /api/courses?search=", "behavior 2", "behavior 3")
def test_a_percent_sign_matches_only_itself(client, auth, unique, unique_code):
    """A `%` in the search finds only courses with a `%`; it is no wildcard."""
    name = unique("Rates")
    percent = new_course(client, auth, unique_code, f"{name} 100% attendance")
    new_course(client, auth, unique_code, f"{name} 1000 attendances")
    new_course(client, auth, unique_code, f"{name} 100 attendance")
    assert codes(search(client, f"{name} 100%")) == [percent["code"]]
    assert search(client, "%") == containing(client, "%")
    assert percent in search(client, "%")
    assert search(client, "0%a") == containing(client, "0%a")


@pytest.mark.contract("GET /api/courses?search=", "behavior 3")
def test_an_underscore_matches_only_itself(client, auth, unique, unique_code):
    """An `_` in the search finds only courses with an underscore; it is no wildcard."""
    name = unique("Styles")
    snake = new_course(client, auth, unique_code, f"{name} snake_case")
    new_course(client, auth, unique_code, f"{name} snakeXcase")
    new_course(client, auth, unique_code, f"{name} snakecase")
    assert codes(search(client, f"{name} snake_case")) == [snake["code"]]
    assert search(client, "_") == containing(client, "_")
    assert snake in search(client, "_")


@pytest.mark.contract("GET /api/courses?search=", "behavior 3")
def test_a_backslash_matches_only_itself(client, auth, unique, unique_code):
    """A `\\` in the search finds only courses with a backslash; it escapes nothing."""
    name = unique("Paths")
    path = new_course(client, auth, unique_code, f"{name} C:\\Temp")
    escaped = new_course(client, auth, unique_code, f"{name} 50\\% off")
    new_course(client, auth, unique_code, f"{name} 50% off")
    new_course(client, auth, unique_code, f"{name} 50\\X off")
    assert search(client, "\\") == containing(client, "\\")
    assert path in search(client, "\\") and escaped in search(client, "\\")
    assert codes(search(client, f"{name} c:\\t")) == [path["code"]]
    assert codes(search(client, f"{name} 50\\%")) == [escaped["code"]]
    assert search(client, "\\_") == containing(client, "\\_")


@pytest.mark.contract("GET /api/courses?search=", "behavior 4")
def test_an_apostrophe_is_part_of_a_name(client, auth, unique, unique_code):
    """A search with `'` answers 200 and finds the names that have one, as they are written."""
    name = unique("Readers")
    obrien = new_course(client, auth, unique_code, f"{name} O'Brien's seminar")
    new_course(client, auth, unique_code, f"{name} OBriens seminar")
    new_course(client, auth, unique_code, f"{name} O''Brien''s seminar")
    assert codes(search(client, f"{name} o'brien's")) == [obrien["code"]]
    assert search(client, "'") == containing(client, "'")
    assert obrien in search(client, "'")
    assert search(client, "n's s") == containing(client, "n's s")


@pytest.mark.contract(
    "GET /api/courses?search=", "paragraph 1", "behavior 2", "behavior 4", "behavior 5"
)
def test_or_1_equals_1_finds_only_what_contains_it(client, auth, unique, unique_code):
    """`' OR '1'='1`, in any case, finds only the courses containing that text; else `[]`."""
    logic = new_course(client, auth, unique_code, f"{unique('Logic')}: ' OR '1'='1 explained")
    for text in ("' OR '1'='1", "' or '1'='1", "' oR 'a'='A", "x' OR 'x'='x"):
        assert search(client, text) == containing(client, text)
    assert codes(search(client, "' OR '1'='1")) == codes(containing(client, "' or '1'='1"))
    assert logic in search(client, "' OR '1'='1")
    assert search(client, f"{unique('Nothing')} ' OR '1'='1") == []


@pytest.mark.contract("GET /api/courses?search=", "behavior 4")
def test_a_union_reads_no_other_table(client, auth, unique, unique_code):
    """A search with `UNION SELECT` finds only the courses containing that text, and no user."""
    payload = "' UNION SELECT id FROM users --"
    new_course(client, auth, unique_code, f"{unique('Sets')} {payload} lab")
    for text in (
        payload,
        "zz' UNION SELECT id FROM users WHERE username = 'erin' --",
        "' UNION SELECT hashed_password FROM users --",
        "') UNION SELECT 1 --",
    ):
        response = client.get("/api/courses", params={"search": text})
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        assert response.json() == containing(client, text)
        assert "@example" not in response.text and "$argon2" not in response.text


@pytest.mark.contract("GET /api/courses?search=", "behavior 4")
def test_comments_and_second_statements_are_text_and_change_nothing(
    client, auth, unique, unique_code, db
):
    """Texts with `--` or `;` find what contains them; nothing is deleted or changed."""
    name = unique("Dashes")
    new_course(client, auth, unique_code, f"{name} ' -- commented")
    before = client.get("/api/courses").json()
    rows = db("SELECT count(*) AS n FROM courses")
    for text in (
        "' --",
        "%' --",
        "'; DROP TABLE courses; --",
        "'; DELETE FROM courses; --",
        "'; UPDATE courses SET title = 'x'; --",
        f"{name} ' --",
    ):
        assert search(client, text) == containing(client, text)
    assert client.get("/api/courses").json() == before
    assert db("SELECT count(*) AS n FROM courses") == rows


@pytest.mark.contract("GET /api/courses?search=", "behavior 4", "behavior 5")
def test_no_search_text_is_a_server_error(client):
    """GET /api/courses?search= answers 200 for any text up to 100 characters."""
    for text in (
        "'",
        "''",
        "'''",
        '"',
        "`",
        ";",
        "%_%",
        "[a-z]",
        "*",
        "?",
        "/*",
        "*/",
        "\\'",
        "' OR 1=1 --",
        "é'ü",
        "🙂'",
        "'" * 99,
        "\\" * 100,
    ):
        assert search(client, text) == containing(client, text)


@pytest.mark.contract("GET /api/courses?search=", "behavior 2", "output 200")
def test_a_search_matches_code_or_title_in_any_case(client, auth, unique, unique_code):
    """The search finds a course by a piece of its code or title, in any case, spaces trimmed."""
    name = unique("Widgets")
    course = new_course(client, auth, unique_code, f"{name} & O'Neil's Quantum Lab")
    for text in (
        course["code"],
        course["code"].lower(),
        f"  {course['code'][1:-1].lower()}  ",
        f"{name.upper()} & o'neil",
        f"{name} & O'NEIL'S qUaNtUm",
        f"\t{name} & o'Neil's quantum lab\t",
    ):
        assert search(client, text) == containing(client, text)
        assert course in search(client, text)
    assert codes(search(client, "bAcKeNd")) == codes(containing(client, "backend"))


@pytest.mark.contract("GET /api/courses?search=", "behavior 2", "output 200")
def test_results_are_ordered_by_code_and_shaped_like_a_course(client, auth, unique, unique_code):
    """A search answers its courses ordered by code, each as GET /api/courses/{id} shows it."""
    name = unique("Seminars")
    made = [new_course(client, auth, unique_code, f"{name}'s part {n}") for n in range(3)]
    found = search(client, f"{name}'s")
    assert codes(found) == sorted(course["code"] for course in made)
    for course in found:
        assert course == client.get(f"/api/courses/{course['id']}").json()


@pytest.mark.contract(
    "GET /api/courses?search=", "input search", "behavior 1", "output 200", "error 422"
)
def test_a_blank_search_lists_everything_and_a_long_one_is_refused(client):
    """An empty or blank search lists every course; over 100 characters or a NUL is a 422."""
    every = client.get("/api/courses").json()
    assert codes(every) == sorted(codes(every))
    for text in ("", " ", "   \t "):
        assert search(client, text) == every
    assert search(client, "%" * 100) == containing(client, "%" * 100)
    assert search(client, " " * 100) == every
    for text in ("x" * 101, "%" * 101, "' OR 1=1 --\x00"):
        refused = error_of(client.get("/api/courses", params={"search": text}), 422)
        assert refused["code"] == "validation_error"
        assert [(e["location"], e["field"]) for e in refused["errors"]] == [("query", "search")]
