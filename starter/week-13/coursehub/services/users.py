from sqlalchemy.ext.asyncio import AsyncSession

from coursehub.models import User
from coursehub.schemas.user import UserUpdate

from sqlalchemy import select

from coursehub.core.errors import ConflictError
from coursehub.services.common import commit_or_conflict


async def update_me(session: AsyncSession, user: User, data: UserUpdate) -> User:
    """Change what the user sent, and nothing else."""
    changes = data.model_dump(exclude_unset=True)
    if "email" in changes:
        clash = await session.scalar(
            select(User.id).where(User.email == changes["email"], User.id != user.id)
        )
        if clash is not None:
            raise ConflictError("That email address is already registered.")
    if changes.get("email", user.email) != user.email:
        user.verified_at = None  # the new address is not proven to be theirs yet
    for field, value in changes.items():
        setattr(user, field, value)
    await commit_or_conflict(session, "That email address is already registered.")
    await session.refresh(user)
    return user
