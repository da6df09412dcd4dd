"""Database tables. Importing this package registers every table on `Base.metadata`."""

from coursehub.models.course import Course
from coursehub.models.group import Membership, StudyGroup
from coursehub.models.user import Role, User

from coursehub.models.note import Note

from coursehub.models.verification import VerificationToken

__all__ = ["Course", "Membership", "Note", "Role", "StudyGroup", "User", "VerificationToken"]
from coursehub.models.digest import DigestDelivery

__all__ += ["DigestDelivery"]
from coursehub.models.summary import NoteSummary  # noqa: E402 (an `__all__ +=` is above)

__all__ += ["NoteSummary"]
from coursehub.models.identity import ExternalIdentity  # noqa: E402 (an `__all__ +=` is above)

__all__ += ["ExternalIdentity"]
