from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.core.errors import ConflictError


async def commit_or_conflict(session: AsyncSession, conflict_detail: str) -> None:
    """Commit, turning a unique-constraint race into the same 409 a pre-check would give.

    Services check for duplicates first to give a precise message; two requests arriving at
    once can both pass that check, and then the database's constraint has the last word.
    """
    try:
        await session.commit()
    except IntegrityError as error:
        await session.rollback()
        raise ConflictError(conflict_detail) from error
