"""Database tables. Importing this package registers every table on `Base.metadata`."""

from coursehub.models.course import Course
from coursehub.models.group import Membership, StudyGroup
from coursehub.models.user import Role, User

# >>> from week 08
from coursehub.models.note import Note

# >>> from week 09
from coursehub.models.verification import VerificationToken

__all__ = ["Course", "Membership", "Note", "Role", "StudyGroup", "User", "VerificationToken"]
# === before
# __all__ = ["Course", "Membership", "Note", "Role", "StudyGroup", "User"]
# <<<
# === before
# __all__ = ["Course", "Membership", "Role", "StudyGroup", "User"]
# <<<
# >>> from week 13
from coursehub.models.digest import DigestDelivery

__all__ += ["DigestDelivery"]
# <<<
# >>> from week 13
from coursehub.models.summary import NoteSummary  # noqa: E402 (an `__all__ +=` is above)

__all__ += ["NoteSummary"]
# <<<
# >>> from week 13
from coursehub.models.identity import ExternalIdentity  # noqa: E402 (an `__all__ +=` is above)

__all__ += ["ExternalIdentity"]
# <<<
