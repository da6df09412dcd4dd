"""The templates of an exported repository, and the values their `@@NAME@@` placeholders take.

The student repository's own files (README, dev container) are `templates/student/` here; the
workflows of each deployment belong to the GitHub deployment (`autograder/github/templates/`).
"""

from pathlib import Path

from autograder.github import TEMPLATES_DIR as DEPLOYMENT_TEMPLATES_DIR
from courseware.lock import PYTHON_VERSION, UV_VERSION
from courseware.templates import fill_file
from courseware.term import Homework, app_of_week, week_id

STUDENT_TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "student"


# The name students know each app by; the package is `app_of_week`'s.
APP_NAMES = {"coursehub": "CourseHub", "conduit": "Conduit"}


def template_values(homework: Homework) -> dict[str, str]:
    package = app_of_week(homework.week)
    return {
        "ASSIGNMENT": homework.id,
        "APP_NAME": APP_NAMES[package],
        "APP_PACKAGE": package,
        "WEEK": week_id(homework.week),
        "WEEK_TITLE": f"week {homework.week}",
        "PYTHON_VERSION": PYTHON_VERSION,
        "UV_VERSION": UV_VERSION,
    }


def student_template(name: str, values: dict[str, str]) -> str:
    """A file of the student repository itself, e.g. `README.md`."""
    return fill_file(STUDENT_TEMPLATES_DIR / name, values)


def deployment_template(relative: str, values: dict[str, str]) -> str:
    """A file of a deployment, e.g. `fork/grade.yml` or `grading/classroom.toml`."""
    return fill_file(DEPLOYMENT_TEMPLATES_DIR / relative, values)
