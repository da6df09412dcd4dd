"""A grade measured against its student's deadline: late days used, the penalty, and what the
gradebook counts. Grading itself never looks at the clock; this is applied to its result."""

from datetime import UTC, datetime

from autograder.results.model import GradeResult, Lateness
from courseware.deadlines import Deadline, deadline
from courseware.errors import CourseError


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment; one without a time zone is read as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CourseError(
            f"{text!r} is not a moment: use ISO 8601, e.g. 2026-02-10T23:30:00-05:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def lateness(score: float, due: Deadline, submitted_at: datetime) -> Lateness:
    penalty = due.penalty_percent(submitted_at)
    return Lateness(
        student=due.student,
        due=due.due.isoformat(),
        accepted_until=due.accepted_until.isoformat(),
        submitted_at=submitted_at.astimezone(due.due.tzinfo).isoformat(),
        extension_days=due.extension_days,
        late_days=due.late_days(submitted_at),
        penalty_percent=penalty,
        final_score=round(score * (100 - penalty) / 100, 2),
    )


def apply_deadline(result: GradeResult, student: str, submitted_at: datetime) -> GradeResult:
    """Record on `result` how `student`'s work handed in at `submitted_at` stands."""
    result.late = lateness(result.score, deadline(result.assignment, student), submitted_at)
    return result


def lateness_sentence(late: Lateness) -> str:
    """One sentence for the student: when it was due, how late it came, what that costs."""
    due = datetime.fromisoformat(late.due)
    shown = f"{due:%a %b} {due.day}, {due:%H:%M} ({due.tzinfo})"
    extension = f", with your {late.extension_days}-day extension" if late.extension_days else ""
    allowed = round((datetime.fromisoformat(late.accepted_until) - due).total_seconds() / 86400)
    if late.late_days == 0:
        return f"Handed in on time: due {shown}{extension}."
    if not late.accepted:
        return (
            f"Handed in after the last late day (due {shown}{extension}, {allowed} late "
            f"days allowed): graded for feedback, it counts 0 points. Ask your instructor if "
            "you need an extension."
        )
    days = "1 late day" if late.late_days == 1 else f"{late.late_days} late days"
    cost = (
        f"a {late.penalty_percent:g}% penalty: {late.final_score:g} points count"
        if late.penalty_percent
        else "no penalty"
    )
    return f"Handed in {days} after the due date ({shown}{extension}; {allowed} allowed): {cost}."
