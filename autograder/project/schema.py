"""The entities of a project, read from the database its migrations made: each table's
primary key, foreign keys, NOT NULL columns, UNIQUE and CHECK constraints.

The grader reads the SQLite file itself (a copy, `migration_check.readable_copy`), never a
word the project's code prints.
"""

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from autograder.grading.migration_check import quoted, readable_copy

MIN_ENTITIES = 3
CHECK = re.compile(r"\bCHECK\s*\(", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    name: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str], ...]  # (column, the table it refers to)
    not_null: tuple[str, ...]  # columns outside the primary key
    unique: tuple[str, ...]  # "email", or "(user_id, group_id)" for a pair
    checks: int  # how many CHECK constraints its definition has


def read_tables(database: Path) -> list[Table]:
    copy = readable_copy(database)
    connection = sqlite3.connect(copy)
    try:
        return [table(connection, name, sql or "") for name, sql in table_definitions(connection)]
    finally:
        connection.close()
        copy.unlink(missing_ok=True)


def table_definitions(connection: sqlite3.Connection) -> list[tuple[str, str | None]]:
    rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    return sorted(
        (name, sql)
        for name, sql in rows
        if name != "alembic_version" and not name.startswith("sqlite_")
    )


def table(connection: sqlite3.Connection, name: str, sql: str) -> Table:
    columns = connection.execute(f"PRAGMA table_info({quoted(name)})").fetchall()
    key = tuple(column[1] for column in sorted(columns, key=lambda c: c[5]) if column[5])
    foreign = connection.execute(f"PRAGMA foreign_key_list({quoted(name)})").fetchall()
    unique = []
    for index in connection.execute(f"PRAGMA index_list({quoted(name)})").fetchall():
        _, index_name, is_unique, origin = index[:4]
        if is_unique and origin != "pk":
            info = connection.execute(f"PRAGMA index_info({quoted(index_name)})").fetchall()
            names = [row[2] for row in info]
            unique.append(names[0] if len(names) == 1 else f"({', '.join(names)})")
    return Table(
        name=name,
        primary_key=key,
        foreign_keys=tuple(sorted((row[3], row[2]) for row in foreign)),
        not_null=tuple(c[1] for c in columns if c[3] and not c[5]),
        unique=tuple(sorted(unique)),
        checks=len(CHECK.findall(sql)),
    )


def missing_constraints(tables: list[Table]) -> list[str]:
    """What the schema lacks to count as three entities with keys and constraints, each as
    what to add ([] when nothing is missing)."""
    entities = [t for t in tables if t.primary_key]
    names = {t.name for t in entities}
    missing = []
    if len(entities) < MIN_ENTITIES:
        have = ", ".join(sorted(names)) or "none"
        missing.append(
            f"at least {MIN_ENTITIES} tables with a primary key (found {len(entities)}: {have}); "
            "add the entities of your idea-to-shape sheet"
        )
    if keyless := [t.name for t in tables if not t.primary_key]:
        missing.append(f"a primary key on {', '.join(keyless)}")
    if not any(target in names for t in entities for _, target in t.foreign_keys):
        missing.append(
            "a foreign key from one table to another (e.g. `owner_id` REFERENCES users), for "
            "the relationships of your schema"
        )
    if not any(t.not_null for t in entities):
        missing.append("a NOT NULL column (nullable=False) for a value every row must have")
    if not any(t.unique for t in entities):
        missing.append("a UNIQUE constraint for what must not repeat (an email, a name)")
    if not any(t.checks for t in entities):
        missing.append("a CHECK constraint for a rule on values (e.g. `price >= 0`)")
    return missing


def describe(tables: list[Table]) -> str:
    """One line per table: what a team sees of its schema in the row."""
    lines = []
    for t in tables:
        parts = [f"primary key {', '.join(t.primary_key)}" if t.primary_key else "no primary key"]
        parts += [f"{column} -> {target}" for column, target in t.foreign_keys]
        if t.unique:
            parts.append(f"unique {', '.join(t.unique)}")
        if t.checks:
            parts.append(f"{t.checks} check" + ("s" if t.checks > 1 else ""))
        if t.not_null:
            parts.append(f"NOT NULL {', '.join(t.not_null)}")
        lines.append(f"- {t.name}: {'; '.join(parts)}")
    return "\n".join(lines)
