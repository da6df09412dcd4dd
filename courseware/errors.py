"""The one error type a person can act on."""


class CourseError(Exception):
    """A problem the person at the keyboard can fix; the CLI prints it without a traceback."""
