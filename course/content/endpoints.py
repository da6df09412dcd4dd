"""The shape of an endpoint, as pages, tests and route files name it: `GET /api/courses/{}`."""

import re

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


ENDPOINT = re.compile(rf"^({'|'.join(HTTP_METHODS)}) (/[\w/{{}}.-]*)(?:\?\S*)?$")


def endpoint_shape(method: str, path: str) -> str:
    shape = re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")
    return f"{method.upper()} {shape}"


def route_matches(mention: str, endpoints: frozenset[str]) -> bool:
    """`GET /api/courses/999` and `GET /api/courses/{course_id}` both name `GET /api/courses/{}`."""
    return any(
        re.fullmatch(re.escape(route).replace(re.escape("{}"), r"[^/]+"), mention)
        for route in endpoints
    )


def names_endpoint(text: str, shape: str) -> bool:
    """Whether `text` (e.g. `GET /api/courses/{course_id}`) names the endpoint `shape`."""
    parts = text.split(maxsplit=1)
    return len(parts) == 2 and endpoint_shape(parts[0], parts[1]) == shape
