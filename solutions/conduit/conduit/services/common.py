from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
