"""The container check (`autograder.grading.container_check`): HW12's Dockerfile, .dockerignore
and compose.yaml, read by the grader (never built), one row per behavior line of the page's
container block. The week-13 reference passes every row; each planted mistake fails its row
alone, with a message that says what was found."""

import os
import shutil
from pathlib import Path

import pytest

from autograder.gradescope.bundle import bundle_spec
from autograder.grading.container_check import ROWS, container_records
from autograder.spec import load_assignment
from courseware.errors import CourseError

LINES = [row.line for row in ROWS]


def verdicts(app: Path) -> dict[str, str]:
    """Each row's line and its message ("" when it passed)."""
    records = container_records(app)
    assert [r.name for r in records] == [row.name for row in ROWS]
    for record in records:
        assert (record.outcome == "passed") == (record.message == ""), record
    return {row.line: record.message for row, record in zip(ROWS, records, strict=True)}


def failed(app: Path) -> dict[str, str]:
    return {line: message for line, message in verdicts(app).items() if message}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new))


@pytest.fixture
def app(reference_of, tmp_path) -> Path:
    copy = tmp_path / "app"
    shutil.copytree(reference_of(13), copy)
    return copy


def test_every_row_passes_on_the_reference_and_claims_its_own_line(app):
    assert failed(app) == {}
    assert [row.line for row in ROWS] == [f"behavior {n}" for n in range(1, 9)]


MISTAKES = [
    pytest.param(
        "Dockerfile",
        "FROM python:3.11-slim-bookworm",
        "FROM python:latest",
        "behavior 1",
        "FROM python:latest: pin a version, such as python:3.11-slim.",
        id="latest tag",
    ),
    pytest.param(
        "Dockerfile",
        "FROM python:3.11-slim-bookworm",
        "FROM python",
        "behavior 1",
        "FROM python has no tag, which means latest",
        id="no tag",
    ),
    pytest.param(
        "Dockerfile",
        "COPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-dev --no-install-project\n\n"
        "COPY coursehub ./coursehub\n",
        "COPY . .\nRUN uv sync --locked --no-dev\n",
        "behavior 2",
        "`COPY . .` copies the code before line",
        id="code copied before the dependencies",
    ),
    pytest.param(
        "Dockerfile",
        "RUN uv sync --locked --no-dev --no-install-project",
        "RUN uv sync --no-dev --no-install-project",
        "behavior 2",
        "may resolve other versions than uv.lock's: write `uv sync --locked`",
        id="uv sync without --locked",
    ),
    pytest.param(
        "Dockerfile",
        "USER coursehub",
        "USER root",
        "behavior 3",
        "`USER root` runs the app as root",
        id="root user",
    ),
    pytest.param(
        "Dockerfile",
        "USER coursehub",
        "USER 0:0",
        "behavior 3",
        "`USER 0:0` runs the app as root",
        id="uid 0",
    ),
    pytest.param(
        "Dockerfile",
        "USER coursehub\n",
        "",
        "behavior 3",
        "No USER line: the app runs as root; add `USER` with a user you create.",
        id="no USER",
    ),
    pytest.param(
        "Dockerfile",
        "HEALTHCHECK --interval=10s",
        "# HEALTHCHECK --interval=10s",
        "behavior 4",
        "No HEALTHCHECK: add one that asks /health",
        id="no healthcheck",
    ),
    pytest.param(
        "Dockerfile",
        "/health', timeout=2)",
        "/docs', timeout=2)",
        "behavior 4",
        "does not ask the app's /health",
        id="a healthcheck of another path",
    ),
    pytest.param(
        "Dockerfile",
        "--host 0.0.0.0",
        "--host 127.0.0.1",
        "behavior 5",
        "--host 127.0.0.1 is reached from inside the container only; use --host 0.0.0.0.",
        id="host 127.0.0.1",
    ),
    pytest.param(
        "Dockerfile",
        "--port ${PORT:-8000}",
        "--port 8000",
        "behavior 5",
        "--port 8000 is not the port given by $PORT",
        id="a fixed port",
    ),
    pytest.param(
        "Dockerfile",
        'CMD ["sh", "-c", "exec uvicorn coursehub.main:app --host 0.0.0.0 --port ${PORT:-8000} '
        '--workers 1"]',
        'CMD ["uvicorn", "coursehub.main:app", "--host", "0.0.0.0", "--port", "$PORT"]',
        "behavior 5",
        "in the exec form no shell expands $PORT",
        id="$PORT in the exec form",
    ),
    pytest.param(
        "Dockerfile",
        "ENV PORT=8000",
        "ENV PORT=8000 SECRET_KEY=not-so-secret",
        "behavior 6",
        "`ENV SECRET_KEY` puts SECRET_KEY into the image",
        id="a literal SECRET_KEY in ENV",
    ),
    pytest.param(
        "Dockerfile",
        "WORKDIR /app",
        "ARG DATABASE_URL=postgresql://coursehub:pw@db/coursehub\nWORKDIR /app",
        "behavior 6",
        "`ARG DATABASE_URL` puts DATABASE_URL into the image",
        id="a DATABASE_URL as ARG",
    ),
    pytest.param(
        ".dockerignore",
        "\n.env\n",
        "\n",
        "behavior 6",
        ".dockerignore does not keep .env out of the image: add a line `.env`.",
        id=".env not ignored",
    ),
    pytest.param(
        ".dockerignore",
        "\n*.db\n",
        "\n!coursehub.db\n",
        "behavior 6",
        ".dockerignore does not keep *.db out of the image",
        id="a database let in",
    ),
    pytest.param(
        "compose.yaml",
        "image: postgres:15-alpine",
        "image: postgres:16",
        "behavior 7",
        "The db service's image postgres:16 is not PostgreSQL 15",
        id="another PostgreSQL",
    ),
    pytest.param(
        "compose.yaml",
        "pg_isready -U coursehub -d coursehub",
        "psql -U coursehub -c 'select 1'",
        "behavior 7",
        "The db service has no healthcheck with pg_isready",
        id="no pg_isready",
    ),
    pytest.param(
        "compose.yaml",
        "    depends_on:\n      db:\n        condition: service_healthy\n",
        "    depends_on:\n      - db\n",
        "behavior 7",
        "The app service's depends_on lists db without a condition",
        id="no condition: service_healthy",
    ),
    pytest.param(
        "compose.yaml",
        "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}",
        "POSTGRES_PASSWORD: hunter2",
        "behavior 8",
        "compose.yaml sets POSTGRES_PASSWORD to a literal value; use `${POSTGRES_PASSWORD}`.",
        id="a literal password in compose",
    ),
    pytest.param(
        "compose.yaml",
        "coursehub:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db",
        "coursehub:hunter2@db",
        "behavior 8",
        "compose.yaml writes a password into DATABASE_URL",
        id="a password inside DATABASE_URL",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "line", "message"), MISTAKES)
def test_a_planted_mistake_fails_its_row_alone_and_says_what_was_found(
    app, file, old, new, line, message
):
    edit(app / file, old, new)
    found = failed(app)
    assert list(found) == [line], found
    assert message in found[line], found[line]


def test_a_password_is_never_repeated_in_the_message(app):
    edit(
        app / "compose.yaml",
        "coursehub:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db",
        "coursehub:hunter2@db",
    )
    assert "hunter2" not in failed(app)["behavior 8"]


DOCKERFILE_ROWS = LINES[:6]


def test_a_symlinked_dockerfile_is_not_followed(app, tmp_path):
    outside = tmp_path / "elsewhere"
    (app / "Dockerfile").rename(outside)
    (app / "Dockerfile").symlink_to(outside)
    found = failed(app)
    assert list(found) == DOCKERFILE_ROWS
    assert all(
        "Dockerfile is a symbolic link, which the grader never follows" in m for m in found.values()
    )


def test_a_file_of_5_mb_is_not_read(app):
    with (app / "Dockerfile").open("a") as handle:
        handle.write("# padding\n" * (5 * 2**20 // 10))
    found = failed(app)
    assert list(found) == DOCKERFILE_ROWS
    assert "Dockerfile is larger than 256 KiB" in found["behavior 1"]


def test_a_fifo_does_not_hang_the_grader(app):
    (app / "compose.yaml").unlink()
    os.mkfifo(app / "compose.yaml")
    found = failed(app)
    assert list(found) == ["behavior 7", "behavior 8"]
    assert "compose.yaml is not a regular file" in found["behavior 7"]


def test_invalid_yaml_fails_the_compose_rows_with_its_line(app):
    edit(app / "compose.yaml", "  app:\n    build: .", "  app:\n    build: [.\n")
    found = failed(app)
    assert list(found) == ["behavior 7", "behavior 8"]
    assert found["behavior 7"].startswith("compose.yaml is not valid YAML at line")


def test_yaml_tags_are_refused_not_run(app):
    (app / "compose.yaml").write_text("services: !!python/object/apply:os.system ['true']\n")
    assert failed(app)["behavior 7"].startswith("compose.yaml is not valid YAML")


def test_missing_files_fail_their_rows_and_say_which(app):
    (app / "compose.yaml").unlink()
    (app / ".dockerignore").unlink()
    found = failed(app)
    assert list(found) == ["behavior 6", "behavior 7", "behavior 8"]
    assert found["behavior 6"].startswith("There is no .dockerignore")
    assert found["behavior 7"].startswith("There is no compose.yaml")
    (app / "Dockerfile").unlink()
    found = failed(app)
    assert list(found) == LINES
    assert found["behavior 1"] == "There is no Dockerfile at the top of your repository: write one."


def test_a_dockerfile_docker_would_refuse_names_its_line(app):
    edit(app / "Dockerfile", "WORKDIR /app", "WORKDIR /app\nINSTALL everything")
    found = failed(app)
    assert list(found) == DOCKERFILE_ROWS
    assert "`INSTALL` is no Dockerfile instruction" in found["behavior 1"]


OTHER_FORMS_DOCKERFILE = """\
# syntax=docker/dockerfile:1
ARG PYTHON=3.12
FROM python:${PYTHON}-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /bin/uv
WORKDIR /app
RUN --mount=type=bind,source=uv.lock,target=uv.lock \\
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
    # the lock as it is, nothing resolved again
    uv sync --frozen --no-dev --no-install-project
COPY . .

FROM python:${PYTHON}-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
WORKDIR /app
USER 10001:10001
ENV PATH=/app/.venv/bin:$PATH
HEALTHCHECK CMD curl -fsS http://localhost:${PORT}/health || exit 1
CMD uvicorn coursehub.main:app --host=0.0.0.0 --port="$PORT"
"""

OTHER_FORMS_COMPOSE = """\
x-database: &database
  POSTGRES_USER: coursehub
  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
services:
  postgres:
    image: docker.io/library/postgres:15.6
    environment: *database
    healthcheck:
      test: pg_isready -U coursehub
  api:
    build:
      context: .
    env_file: [.env]
    environment:
      - ENVIRONMENT=production
      - SECRET_KEY
      - ACCESS_TOKEN_MINUTES=30
      - DATABASE_URL=postgresql+asyncpg://coursehub:${POSTGRES_PASSWORD}@postgres/coursehub
    depends_on:
      postgres: {condition: service_healthy, restart: true}
"""


def test_every_form_that_works_is_accepted(app):
    """A multi-stage build from ARGs, a uid, curl, the shell form, `--opt=value`, `--frozen`
    through mounts; compose.yml with anchors, a list environment and other service names."""
    (app / "Dockerfile").write_text(OTHER_FORMS_DOCKERFILE)
    (app / "compose.yaml").rename(app / "compose.yml")
    (app / "compose.yml").write_text(OTHER_FORMS_COMPOSE)
    (app / ".dockerignore").write_text("*\n!coursehub/\n!pyproject.toml\n!uv.lock\n")
    assert failed(app) == {}


def test_the_final_stage_is_what_counts(app):
    """A root builder stage is fine; a final stage that resets the user to root is not."""
    text = (app / "Dockerfile").read_text()
    (app / "Dockerfile").write_text(
        "FROM python:3.11-slim AS tools\nUSER root\nRUN true\n\n" + text + "USER root\n"
    )
    assert list(failed(app)) == ["behavior 3"]


def test_container_contract_is_read_from_the_spec_and_checked(tmp_path):
    assert load_assignment("hw12").container_contract == "Containers: Dockerfile and compose.yaml"
    folder = tmp_path / "hw12"
    folder.mkdir()
    spec = 'id = "hw12"\ntitle = "t"\nweek = 13\nkind = "contract"\npoints = 100\n'
    (folder / "assignment.toml").write_text(spec + 'container_contract = "Containers"\n')
    with pytest.raises(CourseError, match='write container_contract = "### Containers'):
        load_assignment("hw12", tmp_path)
    (folder / "assignment.toml").write_text(spec)
    assert load_assignment("hw12", tmp_path).container_contract is None


def test_the_gradescope_bundle_keeps_the_container_check_switched_on(tmp_path):
    """The bundle's copy of the spec is what grades there: without the key, no rows."""
    (tmp_path / "hw12").mkdir()
    (tmp_path / "hw12" / "assignment.toml").write_text(bundle_spec(load_assignment("hw12")))
    copied = load_assignment("hw12", tmp_path).container_contract
    assert copied == "Containers: Dockerfile and compose.yaml"
