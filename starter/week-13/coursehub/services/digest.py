"""The daily digest: each member hears, once a day, what others wrote in their groups.

It runs outside any request (`python -m coursehub.digest` from cron or a compose service, or
the app's own daily loop in `coursehub/jobs.py`): sending a hundred emails takes seconds, and
no request should wait for them or fail because the mail server is slow.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coursehub.core.config import Settings
from coursehub.core.mail import Mailer, MailError
from coursehub.models import DigestDelivery, Membership, Note, StudyGroup, User


@dataclass(frozen=True)
class DigestLine:
    group: str
    title: str
    author: str


@dataclass
class DigestReport:
    day: date
    sent: int = 0
    already_sent: int = 0
    # Set when the mail server failed: the digests not sent yet go out on the next run.
    error: str | None = None


def day_window(day: date) -> tuple[datetime, datetime]:
    """The UTC day as [start, end): a note written at midnight belongs to the new day."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


async def digest_lines(session: AsyncSession, day: date) -> dict[User, list[DigestLine]]:
    """For every verified, active member: the notes others wrote in their groups that day."""
    start, end = day_window(day)
    query = (
        select(User, StudyGroup.name, Note)
        .join(Membership, Membership.user_id == User.id)
        .join(StudyGroup, StudyGroup.id == Membership.group_id)
        .join(Note, Note.group_id == Membership.group_id)
        .where(
            User.verified_at.is_not(None),
            User.is_active,
            Note.owner_id != User.id,
            Note.created_at >= start,
            Note.created_at < end,
        )
        .order_by(User.id, StudyGroup.name, Note.id)
    )
    lines: defaultdict[User, list[DigestLine]] = defaultdict(list)
    for user, group_name, note in (await session.execute(query)).all():
        lines[user].append(DigestLine(group_name, note.title, note.owner.username))
    return dict(lines)


def digest_email(user: User, day: date, lines: list[DigestLine], settings: Settings) -> str:
    listed = "\n".join(f"- [{line.group}] {line.title} (by {line.author})" for line in lines)
    return (
        f"Hello {user.username},\n\n"
        f"New notes in your study groups on {day.isoformat()}:\n\n{listed}\n\n"
        f"Read them at {settings.public_url}/docs\n"
    )


async def claim(session: AsyncSession, day: date, user: User) -> bool:
    """Whether this run is the one that sends `user` the digest of `day`."""
    session.add(DigestDelivery(day=day, user_id=user.id, sent_at=datetime.now(UTC)))
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True


async def release(session: AsyncSession, day: date, user: User) -> None:
    """Give a claim back after the email failed, so the next run sends it."""
    delivery = await session.get(DigestDelivery, {"day": day, "user_id": user.id})
    if delivery is not None:
        await session.delete(delivery)
        await session.commit()


async def send_daily_digests(
    session_factory: async_sessionmaker[AsyncSession],
    mailer: Mailer,
    settings: Settings,
    day: date,
) -> DigestReport:
    """Send the digest of `day` to everyone who has one and has not had it yet.

    Safe to run twice, or in two processes at once: each digest is claimed before it is sent.
    When the mail server fails the run stops; what is left goes out on the next run."""
    report = DigestReport(day)
    async with session_factory() as session:
        recipients = await digest_lines(session, day)
    for user, lines in recipients.items():
        async with session_factory() as session:
            if not await claim(session, day, user):
                report.already_sent += 1
                continue
            try:
                await mailer.send(
                    user.email,
                    f"CourseHub: new notes on {day.isoformat()}",
                    digest_email(user, day, lines, settings),
                )
            except MailError as error:
                await release(session, day, user)
                report.error = str(error)
                return report
        report.sent += 1
    return report
