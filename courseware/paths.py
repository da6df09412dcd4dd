"""Where things live in the repository, named once."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS_DIR = REPO_ROOT / "solutions"
COURSEHUB_DIR = SOLUTIONS_DIR / "coursehub"
CONDUIT_DIR = SOLUTIONS_DIR / "conduit"
STARTER_DIR = REPO_ROOT / "starter"
LESSONS_DIR = REPO_ROOT / "lessons"
CALENDAR_FILE = LESSONS_DIR / "calendar.toml"
WORKSHEETS_DIR = REPO_ROOT / "worksheets"
AUTOGRADER_DIR = REPO_ROOT / "autograder"
LOCK_FILE = REPO_ROOT / "uv.lock"
