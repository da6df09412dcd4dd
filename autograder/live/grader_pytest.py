"""The entry point of the grader's own pytest process: `main(argv)` with `--grader-config FILE`
among pytest's arguments.

The app is launched before pytest is even imported, so it boots while this interpreter imports
pytest, the suite's conftest and the tests; the plugin then owns it (restarts, stop).
"""

import contextlib
import json
import os
from pathlib import Path

from autograder.live.app import LiveApp

CONFIG_OPTION = "--grader-config"
# Where the running app keeps its database; the suite's conftest reads it only through a copy.
LIVE_DATABASE_VARIABLE = "COURSEHUB_TEST_LIVE_DATABASE"


def expose_database(database: Path, variable: str = LIVE_DATABASE_VARIABLE) -> None:
    """Where the app now writes its database (a new folder at every start, a second boot
    included): read at every `db(...)` call by the suite's conftest, which copies it.
    `variable` is the suite's own name for it (the capstone's: CONDUIT_TEST_LIVE_DATABASE)."""
    os.environ[variable] = str(database)


def split_config(argv: list[str]) -> tuple[dict, list[str]]:
    """The grader's run description, and pytest's own arguments without it."""
    at = argv.index(CONFIG_OPTION)
    config = json.loads(Path(argv[at + 1]).read_text())
    return config, argv[:at] + argv[at + 2 :]


def main(argv: list[str]) -> int:
    # Imported only after the launch: booting the app is what this process waits for first.
    config, pytest_arguments = split_config(argv)
    with contextlib.ExitStack() as services:
        if mail := config.get("mail"):
            from autograder.live.mail import mail_server

            services.enter_context(mail_server(Path(mail["socket"]), Path(mail["folder"])))
        if postgres := config.get("postgres"):
            from autograder.live.postgres import socket_relay

            server = postgres["database"]
            folder = Path(postgres["socket_folder"])
            services.enter_context(socket_relay(folder, server["host"], server["port"]))
        variable = config.get("live_database_variable", LIVE_DATABASE_VARIABLE)
        app = LiveApp(config, on_launch=lambda database: expose_database(database, variable))
        app.launch()
        import pytest

        from autograder.live.plugin import GraderPlugin

        return int(pytest.main(pytest_arguments, plugins=[GraderPlugin(config, app)]))
