from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.database import Base
from conduit.core.errors import UnprocessableError


async def commit_or_refuse(session: AsyncSession, refusal: str) -> None:
    """Commit, turning a unique-constraint race into the same 422 a pre-check would give.

    Services check for duplicates first to give a precise message; two requests arriving at
    once can both pass that check, and then the database's constraint has the last word.
    """
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise UnprocessableError(refusal) from error


async def add_link_once(session: AsyncSession, link: Base, key: tuple[int, int]) -> None:
    """Store a link row (a follow, a favorite) unless it exists: doing it twice, or in two
    requests at the same moment, leaves one row and answers the same."""
    if await session.get(type(link), key) is not None:
        return
    session.add(link)
    try:
        await session.commit()
    except IntegrityError:  # the same link, made by a request at the same moment
        await session.rollback()
