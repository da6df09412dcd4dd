"""`course deadlines HOMEWORK`: every deadline of a homework, for the staff who grant them."""

import argparse

from courseware.deadlines import deadline, extensions_file, last_accepted, load_extensions
from courseware.term import homework


def add_parser(commands: argparse._SubParsersAction) -> None:
    deadlines = commands.add_parser(
        "deadlines",
        help="a homework's due date, late days and each student's extension",
        description="Show the class's deadline for a homework and every extension granted in "
        "lessons/extensions.toml ($COURSE_EXTENSIONS_FILE), as grading applies them.",
    )
    deadlines.add_argument("homework", help="hw00 ... hw12, capstone or capstone-final")
    deadlines.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    item = homework(arguments.homework)
    path = extensions_file()
    granted = [e for e in load_extensions(path) if e.homework == item.id]
    everyone = deadline(item.id, extensions=())
    print(f"{item.id} ({item.title})")
    print(f"  due              {everyone.due:%a %Y-%m-%d %H:%M %Z}")
    until = f"{everyone.accepted_until:%a %Y-%m-%d %H:%M %Z}"
    print(f"  late days        {everyone.late_days_allowed} (until {until})")
    if everyone.penalty_percent_per_day:
        print(f"  penalty          {everyone.penalty_percent_per_day:g}% a late day")
    print(f"  extensions       {len(granted)} in {path}")
    for extension in granted:
        theirs = deadline(item.id, extension.student)
        note = f"  ({extension.note})" if extension.note else ""
        print(
            f"    {extension.student:<20} +{extension.days} days: due "
            f"{theirs.due:%a %Y-%m-%d %H:%M}, accepted until "
            f"{theirs.accepted_until:%a %Y-%m-%d %H:%M}{note}"
        )
    print(
        f"  answers wait for {last_accepted(item.id):%a %Y-%m-%d %H:%M %Z} (the last accepted work)"
    )
    return 0
