"""`course serve week-NN`: a week's app on SQLite with sample data (and, from week 9, the
mail it sends printed on the terminal)."""

import argparse

from course.serve import serve
from courseware.term import parse_week


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve_parser = commands.add_parser(
        "serve",
        help="run a week's app on SQLite with sample data",
        description="Run a week's reference (or its starter) with docs at /docs.",
    )
    serve_parser.add_argument("week", help="week-01 ... week-15")
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


def run(arguments: argparse.Namespace) -> int:
    return serve(
        parse_week(arguments.week),
        starter=arguments.starter,
        host=arguments.host,
        port=arguments.port,
        uds=arguments.uds,
        reload=arguments.reload,
        mail=arguments.mail,
    )
