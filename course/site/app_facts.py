"""Facts the site reads from the app itself: the endpoints of the starters' route files (by
AST, so stubs in comments do not count) and the tables of `sql/schema.sql` (by running it)."""

import ast
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from courseware.errors import CourseError
from courseware.render import starter_path
from courseware.term import COURSEHUB_WEEKS


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    source: str  # e.g. coursehub/routes/groups.py
    needs_login: bool
    status: int | None
    response: str | None
    week: int  # the first week whose starter has it working


def _status_of(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if found := re.search(r"(\d{3})", ast.unparse(node)):
        return int(found.group(1))
    return None


def routes_of(folder: Path, week: int) -> list[Endpoint]:
    """The endpoints a starter's `coursehub/routes/*.py` declares (stubs in comments are not)."""
    found = []
    for path in sorted((folder / "coursehub" / "routes").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prefix = ""
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and ast.unparse(node.func).endswith("APIRouter")
                and (keyword := next((k for k in node.keywords if k.arg == "prefix"), None))
                and isinstance(keyword.value, ast.Constant)
            ):
                prefix = str(keyword.value.value)
        for function in tree.body:
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in function.decorator_list:
                if not (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in ("get", "post", "put", "patch", "delete")
                    and decorator.args
                    and isinstance(decorator.args[0], ast.Constant)
                ):
                    continue
                keywords = {k.arg: k.value for k in decorator.keywords}
                annotations = " ".join(
                    ast.unparse(a.annotation) for a in function.args.args if a.annotation
                )
                docstring = ast.get_docstring(function) or ""
                found.append(
                    Endpoint(
                        method=decorator.func.attr.upper(),
                        path=(prefix + str(decorator.args[0].value)) or "/",
                        summary=docstring.split("\n\n")[0].replace("\n", " "),
                        source=str(path.relative_to(folder)),
                        needs_login="CurrentUser" in annotations,
                        status=_status_of(keywords["status_code"])
                        if "status_code" in keywords
                        else None,
                        response=ast.unparse(keywords["response_model"])
                        if "response_model" in keywords
                        else None,
                        week=week,
                    )
                )
    return found


def starter_endpoints(weeks: Iterable[int] = COURSEHUB_WEEKS) -> list[Endpoint]:
    """Each endpoint as the latest starter has it, with the first week it worked in."""
    first_week: dict[tuple[str, str], int] = {}
    latest: dict[tuple[str, str], Endpoint] = {}
    for week in sorted(weeks):
        folder = starter_path(week)
        if not folder.is_dir():
            continue
        for endpoint in routes_of(folder, week):
            key = (endpoint.method, endpoint.path)
            first_week.setdefault(key, week)
            latest[key] = endpoint
    return [
        Endpoint(**{**e.__dict__, "week": first_week[key]}) for key, e in sorted(latest.items())
    ]


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    not_null: bool
    primary_key: bool
    unique: bool
    references: str | None  # "table.column"


def schema_tables(schema_sql: str) -> dict[str, list[Column]]:
    """Run a schema on an empty in-memory SQLite database and read back what it made."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.executescript(schema_sql)
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            )
        ]
        tables = {}
        for table in names:
            foreign = {
                row[3]: f"{row[2]}.{row[4]}"
                for row in connection.execute(f'PRAGMA foreign_key_list("{table}")')
            }
            unique: set[str] = set()
            for index in connection.execute(f'PRAGMA index_list("{table}")'):
                index_columns = [
                    row[2] for row in connection.execute(f'PRAGMA index_info("{index[1]}")')
                ]
                if index[2] and len(index_columns) == 1:
                    unique.add(index_columns[0])
            tables[table] = [
                Column(
                    name=row[1],
                    type=row[2] or "ANY",
                    not_null=bool(row[3]) or bool(row[5]),
                    primary_key=bool(row[5]),
                    unique=row[1] in unique,
                    references=foreign.get(row[1]),
                )
                for row in connection.execute(f'PRAGMA table_info("{table}")')
            ]
        return tables
    except sqlite3.Error as error:
        raise CourseError(f"the schema does not run on SQLite: {error}") from None
    finally:
        connection.close()


def er_diagram(tables: Mapping[str, list[Column]]) -> str:
    """A Mermaid entity-relationship diagram of the tables."""
    lines = ["erDiagram"]
    for table, columns in tables.items():
        for column in columns:
            if column.references:
                parent = column.references.split(".")[0]
                # One parent row has many child rows; a nullable key may have no parent.
                left = "||" if column.not_null else "|o"
                lines.append(f'    {parent} {left}--o{{ {table} : "{column.name}"')
    for table, columns in tables.items():
        lines.append(f"    {table} {{")
        for column in columns:
            keys = [
                key
                for key, present in (
                    ("PK", column.primary_key),
                    ("FK", column.references),
                    ("UK", column.unique),
                )
                if present
            ]
            kind = re.sub(r"\W.*", "", column.type) or "ANY"
            size = re.search(r"\((\d+)\)", column.type)
            comment = f' "max {size.group(1)}"' if size else ""
            lines.append(f"        {kind} {column.name} {', '.join(keys)}{comment}".rstrip())
        lines.append("    }")
    return "\n".join(lines)
