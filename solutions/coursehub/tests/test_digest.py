# >>> file from week 13
"""The daily digest (given in week 13): who hears of which notes, and why running the job twice,
or in two processes at once, or after the mail server failed, sends each digest exactly once.

These tests run the job itself, below HTTP, on a database of their own: a job has no endpoint.
"""

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sent_mail import Mailbox, free_port, smtp_server

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("COURSEHUB_TEST_BASE_URL")),
    reason="runs the job on a database of its own",
)

DAY = date(2026, 4, 14)
NOON = datetime(2026, 4, 14, 12, tzinfo=UTC)
APP_DIR = Path(__file__).resolve().parents[1]


@dataclass
class World:
    database_url: str
    mailbox: Mailbox


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    """A migrated database with two groups, and a mail server of this test's own."""
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'digest.db'}"
    asyncio.run(build_world(database_url))
    (tmp_path / "mail").mkdir()
    with smtp_server(tmp_path / "mail") as mailbox:
        yield World(database_url, mailbox)


async def build_world(database_url: str) -> None:
    from coursehub.core.database import make_engine, make_session_factory
    from coursehub.models import Course, Membership, Note, Role, StudyGroup, User
    from coursehub.startup import migrate

    engine = make_engine(database_url)
    await migrate(engine)
    async with make_session_factory(engine)() as session:
        role = Role(name="student")
        session.add(role)
        await session.flush()

        def person(name: str, verified: bool = True) -> User:
            return User(
                username=name,
                email=f"{name}@example.com",
                hashed_password="not-a-login",  # these users never log in
                role_id=role.id,
                verified_at=NOON - timedelta(days=30) if verified else None,
            )

        ann, ben, cai, dee = person("ann"), person("ben"), person("cai"), person("dee", False)
        course = Course(code="DB101", title="Databases")
        session.add_all([ann, ben, cai, dee, course])
        await session.flush()
        algebra = StudyGroup(name="algebra", course_id=course.id, created_by_id=ann.id)
        sql = StudyGroup(name="sql", course_id=course.id, created_by_id=cai.id)
        session.add_all([algebra, sql])
        await session.flush()
        for user, group in [(ann, algebra), (ben, algebra), (dee, algebra), (cai, sql)]:
            session.add(Membership(user_id=user.id, group_id=group.id))

        def note(owner: User, group: StudyGroup, title: str, at: datetime) -> Note:
            return Note(
                owner_id=owner.id, group_id=group.id, title=title, created_at=at, updated_at=at
            )

        session.add_all(
            [
                note(ben, algebra, "Ben's proof", NOON),
                note(ann, algebra, "Ann's summary", NOON),
                note(ben, algebra, "From the day before", NOON - timedelta(days=1)),
                note(ben, algebra, "At midnight: the next day", datetime(2026, 4, 15, tzinfo=UTC)),
                note(cai, sql, "Joins", NOON),
            ]
        )
        await session.commit()
    await engine.dispose()


async def run_digest(database_url: str, smtp_port: int, times: int = 1) -> list:
    from coursehub.core.config import Settings
    from coursehub.core.database import make_engine, make_session_factory
    from coursehub.core.mail import Mailer
    from coursehub.services.digest import send_daily_digests

    settings = Settings(database_url=database_url, smtp_port=smtp_port, smtp_timeout_seconds=5)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        runs = [send_daily_digests(factory, Mailer(settings), settings, DAY) for _ in range(times)]
        return await asyncio.gather(*runs)
    finally:
        await engine.dispose()


def test_each_verified_member_hears_of_what_others_wrote_that_day(world: World) -> None:
    [report] = asyncio.run(run_digest(world.database_url, world.mailbox.port))

    assert (report.sent, report.already_sent, report.error) == (2, 0, None)
    [to_ann] = world.mailbox.to("ann@example.com")
    body = to_ann.get_content()
    assert "Ben's proof" in body and "algebra" in body
    # Not her own note, not another day's, not a note at midnight that opens the next day.
    for absent in ("Ann's summary", "From the day before", "At midnight", "Joins"):
        assert absent not in body
    [to_ben] = world.mailbox.to("ben@example.com")
    assert "Ann's summary" in to_ben.get_content()
    assert "Ben's proof" not in to_ben.get_content()
    # Cai's group heard only from Cai; Dee has not verified her address: nothing for either.
    assert world.mailbox.to("cai@example.com") == []
    assert world.mailbox.to("dee@example.com") == []


def test_a_second_run_sends_nothing_again(world: World) -> None:
    asyncio.run(run_digest(world.database_url, world.mailbox.port))
    [again] = asyncio.run(run_digest(world.database_url, world.mailbox.port))

    assert (again.sent, again.already_sent) == (0, 2)
    assert len(world.mailbox.messages()) == 2


def test_two_runs_at_once_send_each_digest_once(world: World) -> None:
    reports = asyncio.run(run_digest(world.database_url, world.mailbox.port, times=2))

    assert sum(report.sent for report in reports) == 2
    assert sum(report.already_sent for report in reports) == 2
    assert len(world.mailbox.to("ann@example.com")) == len(world.mailbox.to("ben@example.com")) == 1


def test_a_digest_the_mail_server_refused_goes_out_on_the_next_run(world: World) -> None:
    [failed] = asyncio.run(run_digest(world.database_url, free_port()))  # nobody listens there
    assert failed.sent == 0 and failed.error

    [retried] = asyncio.run(run_digest(world.database_url, world.mailbox.port))
    assert (retried.sent, retried.error) == (2, None)
    assert len(world.mailbox.messages()) == 2


def test_the_command_sends_the_digest_of_the_day_it_is_given(world: World) -> None:
    environment = {
        **os.environ,
        "DATABASE_URL": world.database_url,
        "SMTP_PORT": str(world.mailbox.port),
    }
    command = [sys.executable, "-m", "coursehub.digest", "--day", DAY.isoformat()]
    done = subprocess.run(
        command, cwd=APP_DIR, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "sent 2" in done.stdout
    assert len(world.mailbox.messages()) == 2


def test_the_daily_loop_runs_at_the_hour_for_the_day_before() -> None:
    from coursehub.jobs import digest_day, next_run

    before = datetime(2026, 4, 15, 6, 59, tzinfo=UTC)
    at = datetime(2026, 4, 15, 7, tzinfo=UTC)
    assert next_run(before, 7) == at
    assert next_run(at, 7) == at + timedelta(days=1)  # strictly after: never twice in a row
    assert digest_day(at) == DAY
