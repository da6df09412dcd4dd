"""Database tables. Importing this package registers every table on `Base.metadata`."""

from coursehub.models.course import Course
from coursehub.models.group import Membership, StudyGroup
from coursehub.models.user import Role, User

__all__ = ["Course", "Membership", "Role", "StudyGroup", "User"]
