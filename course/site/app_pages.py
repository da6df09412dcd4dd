"""The app's reference pages: every endpoint with the contracts that build it, and the data
model drawn from each distinct schema."""

import re

from markdown.extensions.toc import slugify

from course.content.endpoints import endpoint_shape, names_endpoint
from course.content.homework import contracts_of
from course.content.pages import read_page
from course.site.app_facts import Endpoint, er_diagram, schema_tables
from course.site.dates import homework_label
from course.site.markdown import fenced
from course.site.plan import SitePlan, relative_link
from courseware.render import starter_path
from courseware.term import COURSEHUB_WEEKS, HOMEWORK_BY_ID, STARTER_WEEKS


def endpoints_page(plan: SitePlan) -> str:
    here = "app/endpoints.md"
    # "POST /api/courses" -> "[HW3](link), [HW5](link)": every homework with a contract for it
    contracts: dict[str, list[str]] = {}
    for source in plan.sources:
        if source.kind != "homework":
            continue
        page = read_page(source.path)
        for contract in contracts_of(page):
            for heading in page.sections.get("Behavior contracts", "").splitlines():
                text = heading.removeprefix("### ").strip().strip("`")
                if heading.startswith("### ") and names_endpoint(text, contract.endpoint):
                    anchor = slugify(re.sub(r"[`*]", "", heading[4:]).strip(), "-")
                    label = homework_label(HOMEWORK_BY_ID[str(source.homework_id)])
                    link = f"[{label}]({relative_link(source.src_uri, here)}#{anchor})"
                    if link not in contracts.setdefault(contract.endpoint, []):
                        contracts[contract.endpoint].append(link)
    known = {endpoint_shape(e.method, e.path) for e in plan.endpoints}
    parts = [
        "---",
        "title: Endpoints",
        "---",
        "",
        "# Endpoints of CourseHub",
        "",
        f"Every endpoint the app has by week {max(COURSEHUB_WEEKS)}, read from the starters' "
        "`coursehub/routes/` folders, with the week it first works in. Where a homework "
        "builds it, the contract links to that homework's behavior contract.",
        "",
    ]
    by_file: dict[str, list[Endpoint]] = {}
    for endpoint in plan.endpoints:
        by_file.setdefault(endpoint.source, []).append(endpoint)
    for source, endpoints in sorted(by_file.items()):
        parts += [f"## `{source}`", ""]
        for endpoint in sorted(endpoints, key=lambda e: (e.path, e.method)):
            key = endpoint_shape(endpoint.method, endpoint.path)
            parts += [f"### `{endpoint.method} {endpoint.path}`", ""]
            if endpoint.summary:
                parts += [endpoint.summary, ""]
            answer = f"{endpoint.status or 200}"
            if endpoint.response:
                answer += f" with `{endpoint.response}`"
            parts.append(f"- **Answers:** {answer}")
            parts.append(
                "- **Login:** "
                + ("required (`Authorization: Bearer <token>`)" if endpoint.needs_login else "no")
            )
            parts.append(f"- **Works from:** week {endpoint.week}")
            if key in contracts:
                parts.append(f"- **Contracts:** {', '.join(contracts[key])}")
            parts.append("")
    upcoming = sorted(set(contracts) - known)
    if upcoming:
        parts += ["## Built in homework", ""]
        for key in upcoming:
            parts += [f"### `{key}`", "", f"Contracts: {', '.join(contracts[key])}.", ""]
    return "\n".join(parts)


def data_model_page() -> str:
    """The ERD of each distinct schema among the starters, newest first."""
    versions: list[tuple[list[int], str]] = []
    for week in STARTER_WEEKS:
        schema = starter_path(week) / "sql" / "schema.sql"
        if not schema.is_file():
            continue
        text = schema.read_text(encoding="utf-8")
        if versions and versions[-1][1] == text:
            versions[-1][0].append(week)
        else:
            versions.append(([week], text))
    parts = [
        "---",
        "title: Data model",
        "---",
        "",
        "# The data model of CourseHub",
        "",
        "These diagrams are drawn from `sql/schema.sql` of each week's starter: the build runs "
        "the schema on an empty SQLite database and reads back its tables, keys and "
        "constraints, so the picture cannot drift from the code. `PK` is the primary key, `FK` "
        "a foreign key (the line goes to the table it points at) and `UK` a unique column. "
        "The app's SQLAlchemy models in `coursehub/models/` create the same tables.",
        "",
    ]
    if not versions:
        return "\n".join([*parts, "No starter has a schema yet.", ""])
    for weeks, text in reversed(versions):
        label = f"Week {weeks[0]}" if len(weeks) == 1 else f"Weeks {weeks[0]}-{weeks[-1]}"
        tables = schema_tables(text)
        parts += [f'=== "{label}"', ""]
        body = [fenced(er_diagram(tables), "mermaid"), ""]
        for table, columns in tables.items():
            body += [f"**`{table}`**", "", "| column | type | rules |", "|---|---|---|"]
            for column in columns:
                rules = [
                    rule
                    for rule, present in (
                        ("primary key", column.primary_key),
                        ("required", column.not_null and not column.primary_key),
                        ("unique", column.unique),
                        (f"references `{column.references}`", column.references),
                    )
                    if present
                ]
                body.append(f"| `{column.name}` | {column.type} | {', '.join(rules)} |")
            body.append("")
        parts += ["    " + line if line else "" for line in "\n".join(body).splitlines()]
        parts.append("")
    return "\n".join(parts)
