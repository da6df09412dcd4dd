"""`course serve week-NN`: a week's app on SQLite with sample data (and, from week 9, the
mail it sends printed on the terminal); `course serve conduit`: the capstone's complete
reference the same way."""

import argparse

from course.serve import serve
from courseware.errors import CourseError
from courseware.term import parse_week


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve_parser = commands.add_parser(
        "serve",
        help="run a week's app (or conduit) on SQLite with sample data",
        description="Run a week's reference (or its starter), or the capstone's complete "
        "reference (conduit: solutions/conduit, its API under /api), on a fresh SQLite "
        "database with the sample data; docs at /docs.",
    )
    serve_parser.add_argument(
        "week", help="week-01 ... week-15, or conduit (the capstone's complete reference)"
    )
    serve_parser.add_argument("--starter", action="store_true", help="serve the committed starter")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    serve_parser.add_argument("--uds", help="serve on a Unix socket instead of host:port")
    serve_parser.add_argument("--reload", action="store_true", help="restart on code changes")
    serve_parser.add_argument(
        "--no-mail",
        dest="mail",
        action="store_false",
        help="from week 9: send the app's email to your SMTP server (SMTP_HOST, SMTP_PORT) "
        "instead of printing it here",
    )
    serve_parser.set_defaults(handler=run)


def chosen_week(text: str) -> int | None:
    """The week to serve, or None for Conduit's complete reference."""
    if text.strip().lower() == "conduit":
        return None
    try:
        return parse_week(text)
    except CourseError as error:
        raise CourseError(f"{error}; or conduit, the capstone's complete reference") from None


def run(arguments: argparse.Namespace) -> int:
    return serve(
        chosen_week(arguments.week),
        starter=arguments.starter,
        host=arguments.host,
        port=arguments.port,
        uds=arguments.uds,
        reload=arguments.reload,
        mail=arguments.mail,
    )
