"""Grading a submission's container files (HW12), by reading them: no image is built.

`container_contract = "### Containers: Dockerfile and compose.yaml"` in assignment.toml asks
for it. No image registry is reachable from the grader, so the check reads the `Dockerfile`,
`.dockerignore` and `compose.yaml` (or `compose.yml`, `docker-compose.yml`) of the safe copy,
through `container_files` (regular files only, never a link, size-capped), and scores one row
per behavior line of that block; each row claims its line (`course contracts` reads
`ROWS`). A failed row says what it found and what to write instead. The rows accept every
form that works (a user by name or uid, `$PORT` or `${PORT:-8000}`, a health check by curl,
wget or python, compose's environment as a list or a mapping) and refuse what breaks a
deployment or leaks a secret.
"""

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from autograder.grading.container_files import (
    Dockerfile,
    DockerfileError,
    DockerIgnore,
    Instruction,
    Unreadable,
    assignments,
    copy_source_stage,
    copy_sources,
    parse_dockerfile,
    read_text,
    substitute,
)
from autograder.live.records import TestRecord

COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
# Names whose value is a secret; `..._FILE` names a file that holds one, which is the safe way.
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|PRIVATE_KEY|API_KEY|(?:^|_)TOKEN$")
# What may be copied before the dependencies are installed: the files that describe them.
DEPENDENCY_FILES = {"pyproject.toml", "uv.lock", ".python-version", "README.md", "README"}
PORT_FROM_ENVIRONMENT = re.compile(r"\$(?:PORT|\{PORT(?::?[-=?][^}]*)?\})")
SHELL_OPERATORS = {";", "&&", "||", "|", "&"}
ALL_INTERFACES = {"0.0.0.0", "::", "[::]"}  # noqa: S104 (the contract asks for it)
EXAMPLE_CMD = "CMD uvicorn coursehub.main:app --host 0.0.0.0 --port ${PORT:-8000}"
HEALTH_EXAMPLE = (
    'HEALTHCHECK CMD python -c "import urllib.request; '
    "urllib.request.urlopen('http://127.0.0.1:8000/health')\""
)


@dataclass(frozen=True)
class Files:
    """The submission's container files as read: each parsed value, or why there is none."""

    dockerfile: Dockerfile | None
    dockerfile_problem: str
    dockerignore: DockerIgnore | None
    dockerignore_problem: str
    compose: dict | None
    compose_name: str
    compose_problem: str


def read_files(root: Path) -> Files:
    dockerfile, dockerfile_problem = None, ""
    try:
        text = read_text(root, "Dockerfile")
        if text is None:
            dockerfile_problem = "There is no Dockerfile at the top of your repository: write one."
        else:
            dockerfile = parse_dockerfile(text)
    except Unreadable as error:
        dockerfile_problem = f"{error}."
    except DockerfileError as error:
        dockerfile_problem = f"The Dockerfile cannot be read: {error}."
    dockerignore, dockerignore_problem = None, ""
    try:
        text = read_text(root, ".dockerignore")
        if text is None:
            dockerignore_problem = (
                "There is no .dockerignore: `COPY . .` would put .env and every *.db file "
                "into the image; add a .dockerignore that lists .env and *.db."
            )
        else:
            dockerignore = DockerIgnore(text)
    except Unreadable as error:
        dockerignore_problem = f"{error}."
    compose, name, problem = read_compose(root)
    return Files(
        dockerfile, dockerfile_problem, dockerignore, dockerignore_problem, compose, name, problem
    )


def read_compose(root: Path) -> tuple[dict | None, str, str]:
    """The first compose file there is, loaded with yaml.safe_load (no tags, no objects)."""
    for name in COMPOSE_FILES:
        try:
            text = read_text(root, name)
        except Unreadable as error:
            return None, name, f"{error}."
        if text is None:
            continue
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            where = getattr(error, "problem_mark", None)
            line = f" at line {where.line + 1}" if where is not None else ""
            why = getattr(error, "problem", None) or "it does not parse"
            return None, name, f"{name} is not valid YAML{line}: {why}."
        if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
            return None, name, f"{name} has no `services:` mapping: list the app and the database."
        return data, name, ""
    return (
        None,
        "compose.yaml",
        (
            "There is no compose.yaml (nor compose.yml or docker-compose.yml) at the top of your "
            "repository: write one that runs the app and postgres:15."
        ),
    )


# The rows: what each checks, with the page's line it claims.


def image_parts(image: str) -> tuple[str, str, str]:
    """`ghcr.io/org/python:3.11-slim@sha256:...` as ("python", "3.11-slim", "sha256:...")."""
    rest, _, digest = image.partition("@")
    name, _, tag = rest.rsplit("/", 1)[-1].partition(":")
    return name, tag, digest


def pinned_python_base(dockerfile: Dockerfile) -> str:
    image = dockerfile.lineage()[-1].image
    shown, example = f"FROM {image}", "such as python:3.11-slim"
    if "$" in image:
        return f"{shown}: the grader cannot tell which image that is; name it, {example}."
    name, tag, digest = image_parts(image)
    uv_image = re.search(r"python3\.\d+", tag)  # astral's uv images name their Python
    if name != "python" and not uv_image:
        return f"{shown} is not a Python image: start from one pinned to a version, {example}."
    if digest:
        return ""
    if not tag:
        return f"{shown} has no tag, which means latest: pin a version, {example}."
    if tag == "latest":
        return f"{shown}: pin a version, {example}."
    if not (uv_image or re.match(r"3\.\d+", tag)):
        return f"{shown} names no Python version (major and minor): pin one, {example}."
    return ""


def locked_install_first(dockerfile: Dockerfile) -> str:
    unlocked: Instruction | None = None
    late: tuple[Instruction, Instruction] | None = None
    other_install: Instruction | None = None
    for stage in dockerfile.feeding():
        code_copy: Instruction | None = None
        for instruction in stage.instructions:
            if instruction.keyword in ("COPY", "ADD") and not copy_source_stage(instruction):
                sources = copy_sources(instruction)
                if code_copy is None and any(
                    s.rstrip("/").rsplit("/", 1)[-1] not in DEPENDENCY_FILES for s in sources
                ):
                    code_copy = instruction
            if instruction.keyword != "RUN":
                continue
            sync = re.search(r"\buv\s+sync\b([^;&|\n]*)", instruction.arguments)
            if sync is None:
                if re.search(r"\bpip3?\s+install\b", instruction.arguments):
                    other_install = other_install or instruction
                continue
            if not re.search(r"--(locked|frozen)\b", sync.group(1)):
                unlocked = unlocked or instruction
            elif code_copy is None:
                return ""
            else:
                late = late or (code_copy, instruction)
    if late:
        copy, run = late
        return (
            f"Line {copy.line} `{copy.text}` copies the code before line {run.line} installs "
            "the dependencies: copy pyproject.toml and uv.lock, run `uv sync --locked`, then "
            "copy the code, so that a change of code does not reinstall them."
        )
    if unlocked:
        return (
            f"Line {unlocked.line} `{unlocked.text}` may resolve other versions than uv.lock's: "
            "write `uv sync --locked`."
        )
    found = f" (found line {other_install.line} `{other_install.text}`)" if other_install else ""
    return (
        f"The Dockerfile never runs `uv sync --locked`{found}: install the dependencies from "
        "uv.lock with `RUN uv sync --locked --no-dev --no-install-project` after copying "
        "pyproject.toml and uv.lock."
    )


def non_root_user(dockerfile: Dockerfile) -> str:
    user_line = dockerfile.last("USER")
    if user_line is None:
        return "No USER line: the app runs as root; add `USER` with a user you create."
    values = {}
    for stage in reversed(dockerfile.lineage()):
        values.update(stage.values())
    user = substitute(user_line.arguments, values).split(":", 1)[0].strip()
    if "$" in user or not user:
        return (
            f"Line {user_line.line} `{user_line.text}`: the grader cannot tell which user that "
            "is; name the user or its uid, such as USER 10001."
        )
    if user in ("root", "0"):
        return (
            f"Line {user_line.line} `{user_line.text}` runs the app as root: create a user "
            "(`RUN useradd --system --uid 10001 app`) and switch to it with `USER app`."
        )
    return ""


def health_check(dockerfile: Dockerfile) -> str:
    check = dockerfile.last("HEALTHCHECK")
    if check is None:
        return f"No HEALTHCHECK: add one that asks /health, such as {HEALTH_EXAMPLE}."
    if check.arguments.split()[:1] == ["NONE"] or check.arguments.upper() == "NONE":
        return f"Line {check.line} `HEALTHCHECK NONE` turns the health check off: ask /health."
    command = re.split(r"\bCMD\b", check.arguments, maxsplit=1, flags=re.IGNORECASE)
    if len(command) < 2 or not command[1].strip():
        return f"Line {check.line} `{check.text}` has no CMD: such as {HEALTH_EXAMPLE}."
    if not re.search(r"/health(?![\w-])", command[1]):
        return (
            f"Line {check.line} `{check.text}` does not ask the app's /health: request "
            "http://127.0.0.1:8000/health, on the port the app listens on."
        )
    return ""


def command_words(dockerfile: Dockerfile) -> tuple[list[str], bool, str]:
    """What the container runs: its words, whether a shell expands them, and the lines."""
    entry, cmd = dockerfile.last("ENTRYPOINT"), dockerfile.last("CMD")
    shown = " + ".join(f"`{i.text}`" for i in (entry, cmd) if i is not None)
    argv: list[str] = []
    for instruction in (entry, cmd):
        if instruction is None:
            continue
        form = instruction.exec_form
        if form is None:
            argv += ["/bin/sh", "-c", instruction.arguments]
            if instruction is entry:
                break  # a shell-form ENTRYPOINT ignores CMD
        else:
            argv += form
    if len(argv) >= 3 and argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "dash") and argv[1] == "-c":
        lexer = shlex.shlex(argv[2], posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            return list(lexer), True, shown
        except ValueError:
            return argv[2].split(), True, shown
    return argv, False, shown


def uvicorn_command(dockerfile: Dockerfile) -> str:
    words, shell, shown = command_words(dockerfile)
    if not words:
        return f"No CMD: the image would not start the app; add {EXAMPLE_CMD}."
    start = next((n for n, w in enumerate(words) if w.rsplit("/", 1)[-1] == "uvicorn"), None)
    if start is None:
        return f"{shown} does not start uvicorn: write {EXAMPLE_CMD}."
    arguments = []
    for word in words[start + 1 :]:
        if word in SHELL_OPERATORS:
            break
        arguments.append(word)
    if "coursehub.main:app" not in arguments:
        return f"{shown} does not serve coursehub.main:app: write {EXAMPLE_CMD}."
    options = dict(option_values(arguments))
    host = options.get("--host")
    if host is None:
        return (
            f"{shown} has no --host, so uvicorn listens on 127.0.0.1 inside the container, "
            "where nothing outside reaches it: add --host 0.0.0.0."
        )
    if host not in ALL_INTERFACES:
        return (
            f"{shown}: --host {host} is reached from inside the container only; use --host 0.0.0.0."
        )
    port = options.get("--port")
    if port is None:
        return (
            f"{shown} has no --port, so the port of $PORT is ignored: add --port ${{PORT:-8000}}."
        )
    if not PORT_FROM_ENVIRONMENT.fullmatch(port):
        return f"{shown}: --port {port} is not the port given by $PORT; use --port ${{PORT:-8000}}."
    if not shell:
        return (
            f"{shown}: in the exec form no shell expands {port}, so uvicorn gets it as written; "
            'use the shell form, or ["sh", "-c", "exec uvicorn ... --port ${PORT:-8000}"].'
        )
    return ""


def option_values(arguments: list[str]) -> list[tuple[str, str]]:
    """(`--host`, value) pairs of uvicorn's arguments, for `--host X` and `--host=X`."""
    found = []
    for index, word in enumerate(arguments):
        option, equals, value = word.partition("=")
        if word.startswith("--") and equals:
            found.append((option, value))
        elif word.startswith("--") and index + 1 < len(arguments):
            found.append((word, arguments[index + 1]))
    return found


def is_secret(name: str) -> bool:
    upper = name.upper()
    return not upper.endswith("_FILE") and bool(SECRET_NAME.search(upper))


def no_secret_in_image(files: Files) -> str:
    dockerfile = files.dockerfile
    assert dockerfile is not None
    lines = list(dockerfile.global_args)
    for stage in dockerfile.stages:
        lines += [i for i in stage.instructions if i.keyword in ("ENV", "ARG")]
    for instruction in lines:
        for name in assignments(instruction):
            if is_secret(name) or name.upper() == "DATABASE_URL":
                return (
                    f"Line {instruction.line} `{instruction.keyword} {name}` puts {name} into "
                    "the image, where anyone who has it reads it: give it when the container "
                    "runs (compose's env_file or environment)."
                )
    if files.dockerignore is None:
        return files.dockerignore_problem
    for path, pattern in ((".env", ".env"), ("coursehub.db", "*.db")):
        if not files.dockerignore.ignores(path):
            return (
                f".dockerignore does not keep {pattern} out of the image: add a line `{pattern}`."
            )
    return ""


def services_of(files: Files) -> dict[str, dict]:
    assert files.compose is not None
    return {str(k): v for k, v in files.compose["services"].items() if isinstance(v, dict)}


def app_and_postgres(files: Files) -> str:
    services, where = services_of(files), files.compose_name
    databases = [
        n
        for n, s in services.items()
        if image_parts(substitute(str(s.get("image", "")), {}))[0] == "postgres"
    ]
    if not databases:
        return f"{where} runs no PostgreSQL: add a service with `image: postgres:15`."
    db = databases[0]
    image = str(services[db]["image"])
    tag = image_parts(substitute(image, {}))[1]
    if not re.fullmatch(r"15(?:[.-].*)?", tag):
        pinned = "is not pinned" if tag in ("", "latest") else "is not PostgreSQL 15"
        return f"The {db} service's image {image} {pinned}: use `image: postgres:15`."
    check = services[db].get("healthcheck")
    test = check.get("test", "") if isinstance(check, dict) and not check.get("disable") else ""
    if "pg_isready" not in (" ".join(map(str, test)) if isinstance(test, list) else str(test)):
        return (
            f"The {db} service has no healthcheck with pg_isready, so nothing can wait for it: "
            'add `healthcheck: test: ["CMD-SHELL", "pg_isready -U coursehub"]`.'
        )
    built = [n for n, s in services.items() if "build" in s and n != db]
    if not built:
        return f"{where} has no service that builds the app: add one with `build: .`."
    app = next((n for n in built if n in ("app", "api", "web")), built[0])
    depends = services[app].get("depends_on")
    wanted = f"`depends_on: {db}: condition: service_healthy`"
    if isinstance(depends, dict) and db in depends:
        entry = depends[db]
        condition = entry.get("condition") if isinstance(entry, dict) else None
        if condition == "service_healthy":
            return ""
        return (
            f"The {app} service waits for {db} to start, not to be healthy "
            f"(condition: {condition or 'none'}): write {wanted}."
        )
    if isinstance(depends, list) and db in depends:
        return (
            f"The {app} service's depends_on lists {db} without a condition, so the app may "
            f"start before PostgreSQL accepts connections: write {wanted}."
        )
    return f"The {app} service does not wait for {db}: add {wanted}."


def settings_of(service: dict) -> list[tuple[str, object]]:
    """(name, value) of a service's environment and build args, as a list or a mapping;
    a name given without a value (taken from the environment) has the value None."""
    found: list[tuple[str, object]] = []
    build = service.get("build")
    for block in (
        service.get("environment"),
        build.get("args") if isinstance(build, dict) else None,
    ):
        if isinstance(block, dict):
            found += [(str(k), v) for k, v in block.items()]
        elif isinstance(block, list):
            for item in block:
                name, equals, value = str(item).partition("=")
                found.append((name, value if equals else None))
    return found


def secrets_from_environment(files: Files) -> str:
    where = files.compose_name
    for service in services_of(files).values():
        for name, raw in settings_of(service):
            if raw is None:
                continue
            value = str(raw).replace("$$", "")
            if is_secret(name) and value and "$" not in value:
                return f"{where} sets {name} to a literal value; use `${{{name}}}`."
            password = re.search(r"://[^/@:\s]*:([^@/\s]+)@", value)
            if password and "$" not in password.group(1):
                return (
                    f"{where} writes a password into {name}: put "
                    "`${POSTGRES_PASSWORD}` in its place."
                )
            if name.upper() == "POSTGRES_HOST_AUTH_METHOD" and value.lower() == "trust":
                return (
                    f"{where} sets POSTGRES_HOST_AUTH_METHOD to trust, so anyone may connect "
                    "with no password: remove it."
                )
    return ""


@dataclass(frozen=True)
class Row:
    line: str  # the contract line it claims: "behavior 3"
    name: str
    doc: str
    check: Callable[[Files], str]  # "" when it holds, else what was found and what to change
    needs: str  # "dockerfile" or "compose": the file without which the row fails


def of_dockerfile(check: Callable[[Dockerfile], str]) -> Callable[[Files], str]:
    def run(files: Files) -> str:
        assert files.dockerfile is not None
        return check(files.dockerfile)

    return run


ROWS = (
    Row(
        "behavior 1",
        "the image starts from a pinned Python",
        "The Dockerfile starts from a Python image pinned to a version.",
        of_dockerfile(pinned_python_base),
        "dockerfile",
    ),
    Row(
        "behavior 2",
        "dependencies are installed from uv.lock before the code",
        "The Dockerfile installs the dependencies from uv.lock before it copies the code.",
        of_dockerfile(locked_install_first),
        "dockerfile",
    ),
    Row(
        "behavior 3",
        "the app runs as a user other than root",
        "The app in the container runs as a user other than root.",
        of_dockerfile(non_root_user),
        "dockerfile",
    ),
    Row(
        "behavior 4",
        "the image checks the app's health",
        "A HEALTHCHECK asks the app's /health.",
        of_dockerfile(health_check),
        "dockerfile",
    ),
    Row(
        "behavior 5",
        "uvicorn listens on 0.0.0.0 and $PORT",
        "The command starts uvicorn coursehub.main:app on host 0.0.0.0 and the port of $PORT.",
        of_dockerfile(uvicorn_command),
        "dockerfile",
    ),
    Row(
        "behavior 6",
        "the image holds no secret",
        "No ENV or ARG sets a secret, and .dockerignore keeps .env and *.db out of the image.",
        no_secret_in_image,
        "dockerfile",
    ),
    Row(
        "behavior 7",
        "compose runs the app after a healthy PostgreSQL 15",
        "compose.yaml runs the app and PostgreSQL 15; the app starts once the database is healthy.",
        app_and_postgres,
        "compose",
    ),
    Row(
        "behavior 8",
        "secrets come from the environment",
        "compose.yaml takes secrets from the environment or an env file, never as literals.",
        secrets_from_environment,
        "compose",
    ),
)


def container_records(root: Path) -> list[TestRecord]:
    """One scored row per behavior line of the container contract, read from `root`."""
    files = read_files(root)
    records = []
    for row in ROWS:
        if row.needs == "dockerfile" and files.dockerfile is None:
            message = files.dockerfile_problem
        elif row.needs == "compose" and files.compose is None:
            message = files.compose_problem
        else:
            message = row.check(files)
        records.append(
            TestRecord(
                id=f"container::{row.name}",
                file="container",
                name=row.name,
                doc=row.doc,
                outcome="failed" if message else "passed",
                message=message,
                points=1.0,
                visibility="visible",
            )
        )
    return records
