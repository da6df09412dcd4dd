# >>> file from week 13
"""`python -m coursehub.digest [--day YYYY-MM-DD]`: send a day's digest now (yesterday's by
default), from cron, a compose service or by hand. Running it twice sends nothing twice."""

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime, timedelta

from coursehub.core.config import Settings
from coursehub.core.database import make_engine, make_session_factory
from coursehub.core.mail import Mailer
from coursehub.services.digest import DigestReport, send_daily_digests
from coursehub.startup import migrate


async def run(settings: Settings, day: date) -> DigestReport:
    engine = make_engine(settings.database_url)
    try:
        await migrate(engine)
        return await send_daily_digests(
            make_session_factory(engine), Mailer(settings), settings, day
        )
    finally:
        await engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m coursehub.digest", description=__doc__)
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    parser.add_argument(
        "--day", type=date.fromisoformat, default=yesterday, help="YYYY-MM-DD (UTC)"
    )
    arguments = parser.parse_args()
    report = asyncio.run(run(Settings(), arguments.day))
    print(f"digest of {report.day}: sent {report.sent}, already sent before {report.already_sent}")
    if report.error:
        print(f"stopped: {report.error}; run the same command again to send the rest")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
