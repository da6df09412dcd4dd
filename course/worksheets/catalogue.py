"""Which worksheets the course has, and where each one's instructor version lives."""

from dataclasses import dataclass
from pathlib import Path

from courseware.errors import CourseError
from courseware.paths import WORKSHEETS_DIR

SOURCE = "source"


# The environment variable a worksheet's setup cell reads to find the CourseHub checkout.
CHECKOUT_VARIABLE = "COURSEHUB_CHECKOUT"


@dataclass(frozen=True)
class Worksheet:
    assignment: str  # the nbgrader assignment id (the folder under source/)
    notebook: str  # the notebook's file name without .ipynb (nbgrader's notebook id)
    title: str
    week: int  # the teaching week that uses it
    starter_week: int  # the week of the CourseHub code its answers are checked against
    homework: str | None = None  # the homework id when it is graded as one

    def source(self, course_dir: Path = WORKSHEETS_DIR) -> Path:
        return course_dir / SOURCE / self.assignment / f"{self.notebook}.ipynb"


WORKSHEETS = (
    Worksheet("w02-scavenger-hunt", "scavenger-hunt", "Code scavenger hunt", 2, 2),
    Worksheet("w02-behavior-contract", "behavior-contract", "Behavior contracts", 2, 2),
    Worksheet("hw02-sql", "sql-worksheet", "HW2: SQL worksheet", 3, 3, homework="hw02"),
    Worksheet("w07-jwt-anatomy", "jwt-anatomy", "The anatomy of a JWT", 7, 7),
)


WORKSHEETS_BY_ID = {sheet.assignment: sheet for sheet in WORKSHEETS}


def worksheet(assignment: str) -> Worksheet:
    try:
        return WORKSHEETS_BY_ID[assignment]
    except KeyError:
        known = ", ".join(WORKSHEETS_BY_ID)
        raise CourseError(f"unknown worksheet {assignment!r}: known ones are {known}") from None
