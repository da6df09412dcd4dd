"""The current user: what they see of themselves, and what they change."""

from sqlalchemy.ext.asyncio import AsyncSession

from conduit.core.config import Settings
from conduit.core.database import utc_now
from conduit.core.errors import UnprocessableError
from conduit.core.security import PasswordHasher
from conduit.models import User
from conduit.schemas.user import UserRead, UserUpdate
from conduit.services.auth import TAKEN, issue_token, taken_by_others
from conduit.services.common import commit_or_refuse


def user_read(user: User, token: str) -> UserRead:
    return UserRead(
        email=user.email, token=token, username=user.username, bio=user.bio, image=user.image
    )


# >>> homework capstone
async def update_user(
    session: AsyncSession,
    hasher: PasswordHasher,
    settings: Settings,
    user: User,
    data: UserUpdate,
    token: str,
) -> UserRead:
    """Change what was sent. A new password invalidates every token issued before it; the
    answer then carries a new one (the one sent in stays valid otherwise)."""
    changes = data.changes()
    taken = await taken_by_others(session, changes.get("email"), changes.get("username"), user.id)
    if taken:
        raise UnprocessableError("; ".join(taken))
    for field in ("email", "username"):
        if field in changes:
            setattr(user, field, changes[field])
    for field in ("bio", "image"):
        if field in changes:
            setattr(user, field, changes[field] or None)  # "" removes it, as null does
    if "password" in changes:
        user.hashed_password = await hasher.hash(changes["password"])
        user.token_version += 1
    user.updated_at = utc_now()
    await commit_or_refuse(session, TAKEN)
    if "password" in changes:
        token = issue_token(user, settings)
    return user_read(user, token)


# === starter
# async def update_user(
#     session: AsyncSession,
#     hasher: PasswordHasher,
#     settings: Settings,
#     user: User,
#     data: UserUpdate,
#     token: str,
# ) -> UserRead:
#     """Change only what was sent (`data.changes()`) and answer the user with a token.
#
#     TODO(capstone): 422 for an email or username another account has (taken_by_others);
#     "" for bio or image removes it; a new password is hashed, bumps `token_version` (every
#     earlier token stops working) and the answer carries a new token (issue_token).
#     """
#     raise NotImplementedError("TODO(capstone): update_user")
# <<<
