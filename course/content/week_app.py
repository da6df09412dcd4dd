"""What a week's app contains: its starter's files, its endpoints and the names it defines."""

import builtins
import importlib
import re
from dataclasses import dataclass
from functools import cache

from course.content.endpoints import endpoint_shape
from courseware.render import rendered, starter_path

LIBRARY_MODULES = (
    "fastapi",
    "fastapi.testclient",
    "fastapi.security",
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.ext.asyncio",
    "starlette.requests",
    "httpx",
    "pytest",
    "jwt",
    "pwdlib",
)


@dataclass(frozen=True)
class WeekApp:
    starter_files: frozenset[str]
    endpoints: frozenset[str]  # "GET /api/courses/{}"
    names: frozenset[str]  # classes, functions, assignments and imports of the reference


@cache
def week_app(week: int) -> WeekApp:
    starter = starter_path(week)
    starter_files = frozenset(
        str(p.relative_to(starter)) for p in starter.rglob("*") if "__pycache__" not in p.parts
    )
    endpoints: set[str] = set()
    names: set[str] = set()
    for item in rendered(week, "reference"):
        if item.relative.suffix != ".py":
            continue
        source = item.content.decode()
        prefix = re.search(r'APIRouter\(\s*prefix="([^"]*)"', source)
        for method, path in re.findall(
            r'@router\.(get|post|put|patch|delete)\(\s*"([^"]*)"', source
        ):
            endpoints.add(endpoint_shape(method, (prefix.group(1) if prefix else "") + path))
        names.update(re.findall(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)", source, re.MULTILINE))
        names.update(re.findall(r"^(\w+)\s*(?::[^=\n]*)?=", source, re.MULTILINE))
        for imported in re.findall(r"^\s*from\s+[\w.]+\s+import\s+\(?([^)\n]*)", source, re.M):
            names.update(n.strip().split(" as ")[-1] for n in imported.split(",") if n.strip())
    return WeekApp(starter_files, frozenset(endpoints), frozenset(names))


@cache
def is_library_name(name: str) -> bool:
    if hasattr(builtins, name):
        return True
    for module in LIBRARY_MODULES:
        try:
            if hasattr(importlib.import_module(module), name):
                return True
        except ImportError:
            continue
    return False
