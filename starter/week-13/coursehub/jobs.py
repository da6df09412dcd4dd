"""Work the app does on a clock, beside its requests: the daily digest.

With DIGEST_ENABLED=true each app process runs the loop below. Every worker may run it: the
digest claims each delivery in the database first, so two workers send each digest once. A
deployment that prefers cron runs `python -m coursehub.digest` instead and leaves this off.
"""

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coursehub.core.config import Settings
from coursehub.core.mail import Mailer
from coursehub.services.digest import send_daily_digests

logger = logging.getLogger("coursehub.jobs")


def next_run(now: datetime, hour_utc: int) -> datetime:
    """The next time the clock shows `hour_utc`:00 UTC, strictly after `now`."""
    today = datetime.combine(now.date(), time(hour_utc), tzinfo=UTC)
    return today if today > now else today + timedelta(days=1)


def digest_day(run_at: datetime) -> date:
    """A run in the morning sends the digest of the day before."""
    return (run_at - timedelta(days=1)).date()


async def daily_digest_loop(
    session_factory: async_sessionmaker[AsyncSession], mailer: Mailer, settings: Settings
) -> None:
    while True:
        run_at = next_run(datetime.now(UTC), settings.digest_hour_utc)
        await asyncio.sleep((run_at - datetime.now(UTC)).total_seconds())
        day = digest_day(run_at)
        try:
            report = await send_daily_digests(session_factory, mailer, settings, day)
        except Exception:  # a bad night must not end the loop: log it, try again tomorrow
            logger.exception("the digest of %s failed", day)
            continue
        if report.error:
            logger.error("the digest of %s stopped after %d: %s", day, report.sent, report.error)
        else:
            logger.info("the digest of %s went to %d members", day, report.sent)
