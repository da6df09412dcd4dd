"""The shape of the term: weeks, their homework, and which starters exist.

The plan of the whole term's app (entities and endpoints per week) is written for people in
`solutions/coursehub/PLAN.md`; this module holds what programs need from it. Weeks 14 and 15
are the capstone, a second app (`solutions/conduit`) built in two graded milestones.
"""

import re
from dataclasses import dataclass

from courseware.errors import CourseError

WEEKS = range(1, 16)


@dataclass(frozen=True)
class Homework:
    id: str
    week: int
    title: str
    # "contract": students change the app and a contract suite grades it (the starter fails
    # exactly this homework's tests). "tests": students write tests. "worksheet": a notebook.
    # "setup": an environment check.
    kind: str


HOMEWORK = (
    Homework("hw00", 1, "Environment check and team working agreement", "setup"),
    Homework("hw01", 2, "Tests for existing endpoints, from their behavior contracts", "tests"),
    Homework("hw02", 3, "SQL worksheet: schema and JOIN queries", "worksheet"),
    Homework("hw03", 4, "CRUD for courses", "contract"),
    Homework("hw04", 5, "Study groups across courses: memberships and joins", "contract"),
    Homework("hw05", 6, "Errors that matter and input validation", "contract"),
    Homework("hw06", 7, "Register, log in, current user", "contract"),
    Homework("hw07", 8, "Ownership and roles", "contract"),
    Homework("hw08", 9, "Verified users and injection-safe search", "contract"),
    Homework("hw09", 10, "A service layer on async PostgreSQL", "contract"),
    Homework("hw10", 11, "A test suite for auth flows and error paths", "tests"),
    Homework("hw11", 12, "A documented API and a migration", "contract"),
    Homework("hw12", 13, "Live notes over WebSockets, and the app in containers", "contract"),
    Homework("capstone", 14, "Capstone milestone 1: users, profiles and articles", "contract"),
    Homework(
        "capstone-final",
        15,
        "Capstone milestone 2: comments, tags, favorites and the feed",
        "contract",
    ),
)
HOMEWORK_BY_ID = {homework.id: homework for homework in HOMEWORK}

# Weeks whose starter is rendered and committed under starter/. Grows as the term is written.
STARTER_WEEKS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

# The app each week's code is rendered from: CourseHub, the term's running app, then the
# capstone's RealWorld backend. The name is the folder under solutions/ and the package.
CAPSTONE_WEEKS = (14, 15)
# The weeks of CourseHub's starters: what its pages (the endpoints, the optional sessions) read.
COURSEHUB_WEEKS = tuple(week for week in STARTER_WEEKS if week not in CAPSTONE_WEEKS)


def app_of_week(week: int) -> str:
    """`coursehub` or `conduit`: the folder under solutions/ and the package of `week`'s app."""
    return "conduit" if week in CAPSTONE_WEEKS else "coursehub"


def parse_week(text: str) -> int:
    """Accept `week-04`, `04` or `4`."""
    match = re.fullmatch(r"(?:week-?)?0*(\d{1,2})", text.strip().lower())
    if not match or int(match.group(1)) not in WEEKS:
        raise CourseError(
            f"unknown week {text!r}: use week-01 ... week-15 (or just the number, e.g. 04)"
        )
    return int(match.group(1))


def week_id(week: int) -> str:
    return f"week-{week:02d}"


def homework_of_week(week: int) -> Homework | None:
    return next((homework for homework in HOMEWORK if homework.week == week), None)


def homework(homework_id: str) -> Homework:
    try:
        return HOMEWORK_BY_ID[homework_id]
    except KeyError:
        known = ", ".join(HOMEWORK_BY_ID)
        raise CourseError(f"unknown homework {homework_id!r}: known ids are {known}") from None
