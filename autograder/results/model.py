"""The result of grading one submission: what every format, report and comment is made from."""

from dataclasses import asdict, dataclass, field
from datetime import datetime

# How the note of an app that never answered begins: readers tell a crash from a bad answer.
DID_NOT_START = "Your app did not start"


@dataclass
class TestResult:
    name: str
    score: float
    max_score: float
    status: str  # passed | failed | pending (left for a person to grade)
    output: str = ""
    visibility: str = "visible"  # visible | hidden | after_due_date
    given: bool = False


@dataclass
class Lateness:
    """Where a submission stands against its student's deadline (`courseware.deadlines`)."""

    student: str
    due: str  # ISO 8601: the student's due date, any extension included
    accepted_until: str  # the due date plus the homework's late days
    submitted_at: str
    extension_days: int
    late_days: int  # started days after `due`; 0 when on time
    penalty_percent: float  # 100 after `accepted_until`
    final_score: float  # `score` after the penalty: what the gradebook counts

    @property
    def accepted(self) -> bool:
        submitted = datetime.fromisoformat(self.submitted_at)
        return submitted <= datetime.fromisoformat(self.accepted_until)


@dataclass
class GradeResult:
    assignment: str
    submission: str
    score: float
    max_score: float
    tests: list[TestResult]
    notes: list[str] = field(default_factory=list)
    sandbox: str = ""
    seed: int | None = None  # the test data's seed: `course grade --seed` repeats this grade
    late: Lateness | None = None  # set when the student and the hand-in time are known

    @property
    def app_started(self) -> bool:
        return not any(note.startswith(DID_NOT_START) for note in self.notes)

    @property
    def passed(self) -> int:
        return sum(1 for test in self.tests if test.status == "passed")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "GradeResult":
        late = data.get("late")
        return cls(
            **{
                **data,
                "tests": [TestResult(**test) for test in data["tests"]],
                "late": Lateness(**late) if late else None,
            }
        )


def distribute(points: float, weights: list[float]) -> list[float]:
    """Split `points` over tests by weight, in cents, summing exactly to `points`."""
    total = sum(weights)
    if not weights or total <= 0:
        return [0.0 for _ in weights]
    cents = round(points * 100)
    shares = [int(cents * weight // total) for weight in weights]
    for index in range(cents - sum(shares)):
        shares[index % len(shares)] += 1
    return [share / 100 for share in shares]


def humanize(test_name: str) -> str:
    """`test_create_course_needs_a_token[x]` -> "create course needs a token (x)"."""
    base, _, parameters = test_name.partition("[")
    words = base.removeprefix("test_").replace("_", " ")
    return f"{words} ({parameters.rstrip(']')})" if parameters else words
