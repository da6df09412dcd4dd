"""`python -m autograder.github COMMAND`: the steps of the grading workflows."""

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from autograder.github.classroom import fetch_heads, find_heads, load_classroom
from autograder.github.client import GitHub
from autograder.github.fork import prepare_artifact
from autograder.github.grading import grade_work, scrubbed_environment
from autograder.github.records import load_records, record_work
from autograder.github.report import report_work
from autograder.github.work import Plan, set_output
from courseware.commands import run_command
from courseware.errors import CourseError
from courseware.files import write_json


def _environment(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise CourseError(f"{name} is not set (GitHub Actions sets it in a workflow)")
    return value


def _prepare_artifact(arguments: argparse.Namespace) -> int:
    event = json.loads(Path(_environment("GITHUB_EVENT_PATH")).read_text(encoding="utf-8"))
    api = GitHub.from_environment()
    try:
        plan = prepare_artifact(
            api,
            _environment("GITHUB_REPOSITORY"),
            event,
            arguments.assignment,
            Path(arguments.artifact),
            Path(arguments.work),
        )
    finally:
        api.close()
    set_output("grade", "true" if plan and plan.grade and not plan.problem else "false")
    return 0


def _find_heads(arguments: argparse.Namespace) -> int:
    classroom = load_classroom(Path(arguments.config))
    api = GitHub.from_environment()
    try:
        heads = find_heads(api, classroom, load_records(Path(arguments.records)))
    finally:
        api.close()
    write_json(Path(arguments.out), [asdict(plan) for plan in heads])
    runners = max(1, min(classroom.max_runners, len(heads)))
    set_output("count", str(len(heads)))
    set_output("runners", str(runners))
    set_output("shards", json.dumps(list(range(runners))))
    for plan in heads:
        print(f"{plan.label}: to grade")
    print(f"{len(heads)} pull-request heads to grade on {runners} runner(s).")
    return 0


def _record(arguments: argparse.Namespace) -> int:
    written = record_work(Path(arguments.work), Path(arguments.records))
    for record in written:
        print(
            f"{record.repository}#{record.pull_request} {record.head_sha[:7]}: {record.description}"
        )
    print(f"{len(written)} grade(s) of record written to {arguments.records}.")
    return 0


def _fetch_heads(arguments: argparse.Namespace) -> int:
    heads = [Plan(**data) for data in json.loads(Path(arguments.heads).read_text())]
    api = GitHub.from_environment()
    try:
        fetch_heads(api, heads, arguments.shard, arguments.shards, Path(arguments.work))
    finally:
        api.close()
    return 0


def _grade(arguments: argparse.Namespace) -> int:
    outcomes = grade_work(
        Path(arguments.work), jobs=arguments.jobs, allow_unsandboxed=arguments.allow_unsandboxed
    )
    print(f"{len(outcomes)} submission(s) graded.")
    return 0


def _report(arguments: argparse.Namespace) -> int:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    api = GitHub.from_environment()
    try:
        count = report_work(api, Path(arguments.work), Path(summary) if summary else None)
    finally:
        api.close()
    print(f"Answered on {count} pull request(s).")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.github",
        description="The steps of the pull-request grading workflows (see DEPLOYMENTS.md).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    prepare = commands.add_parser(
        "prepare-artifact", help="fork deployment: check a workflow_run's artifact, plan it"
    )
    prepare.add_argument("--assignment", required=True)
    prepare.add_argument("--artifact", required=True, help="the downloaded submission artifact")
    prepare.add_argument("--work", required=True, help="the work folder to fill")
    prepare.set_defaults(handler=_prepare_artifact)

    find = commands.add_parser(
        "find-heads", help="classroom deployment: pull-request heads not graded yet"
    )
    find.add_argument("--config", required=True, help="classroom.toml")
    find.add_argument("--out", required=True, help="where to write the list (JSON)")
    find.add_argument("--records", default="records", help="the grades of record (a folder)")
    find.set_defaults(handler=_find_heads)

    record = commands.add_parser(
        "record", help="classroom deployment: write the grades of record of a work folder"
    )
    record.add_argument("--work", required=True)
    record.add_argument("--records", default="records", help="the folder to write them to")
    record.set_defaults(handler=_record)

    fetch = commands.add_parser(
        "fetch-heads", help="classroom deployment: download one runner's share of the heads"
    )
    fetch.add_argument("--heads", required=True, help="the list find-heads wrote")
    fetch.add_argument("--shard", type=int, required=True, help="this runner's number, from 0")
    fetch.add_argument("--shards", type=int, required=True, help="how many runners share it")
    fetch.add_argument("--work", required=True)
    fetch.set_defaults(handler=_fetch_heads)

    grade = commands.add_parser("grade", help="grade the work folder's submissions (no token)")
    grade.add_argument("--work", required=True)
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    grade.add_argument(
        "--allow-unsandboxed",
        action="store_true",
        help="grade even without bubblewrap (never on a runner that holds secrets)",
    )
    grade.set_defaults(handler=_grade)

    report = commands.add_parser("report", help="comment, commit status and step summary")
    report.add_argument("--work", required=True)
    report.set_defaults(handler=_report)
    return parser


def restart_without_credentials(arguments: argparse.Namespace, argv: list[str]) -> None:
    """The grade step starts again without credentials: a changed os.environ would still show
    the old variables in /proc/<pid>/environ, a fresh process does not."""
    clean = scrubbed_environment(dict(os.environ))
    if arguments.command == "grade" and clean != dict(os.environ):
        command = [sys.executable, "-m", "autograder.github", *argv]
        os.execve(sys.executable, command, clean)  # noqa: S606 (our own interpreter)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    return run_command(
        build_parser(),
        argv,
        before=lambda arguments: restart_without_credentials(arguments, argv),
        name="autograder.github",
    )
