from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.models import User
from coursehub.schemas.user import UserUpdate


async def update_me(session: AsyncSession, user: User, data: UserUpdate) -> User:
    """Change what the user sent, and nothing else.

    TODO(hw06): change only the fields the client sent (`exclude_unset`); answer
    ConflictError when the new email belongs to another account.
    """
    raise NotImplementedError("TODO(hw06): update_me")
