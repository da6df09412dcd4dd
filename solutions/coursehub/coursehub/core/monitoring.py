# >>> file from week 13
"""What a server in production is asked about, answered from its own records: an id for each
request, one JSON log line per request, and Prometheus counters for `GET /metrics`.

Someone reporting "my request failed" quotes the `X-Request-ID` of the answer, and the log line
with that id says what happened. The counters answer the questions no single line can: how
many requests, how many failed, how slow (rate, errors, duration).

A pure ASGI middleware (not `@app.middleware("http")`, which would wrap every answer in a
stream of its own): it reads the answer's status as it starts and leaves the body alone.
WebSockets and the lifespan pass through untouched: a socket open for an hour is not a request
with a duration.

Labels and log fields come from the route's template (`/api/notes/{note_id}`), never the raw
path: one note id per label would make a new time series for every note, and every path a
scanner tries would make another.
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_LOG = logging.getLogger("coursehub.requests")
# A client's (or a proxy's) id is kept only when it cannot break a log line or a header and
# cannot fill the log: letters, digits, dot, underscore and dash, at most 64 of them.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# The route of every request no route matched: a scanner trying a thousand paths adds one
# label, not a thousand.
UNMATCHED = "unmatched"
# Any other method (a client may send any word) is counted as OTHER, for the same reason.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMetrics:
    """The app's counters, in a registry of its own: two apps in one process (as in the tests)
    count apart, and `/metrics` shows this app's numbers only. With them, on Linux, the
    process's memory, CPU time and open files (`process_*`), to size a server by."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "coursehub_requests_total",
            "Requests answered, by method, route template and status.",
            ("method", "route", "status"),
            registry=self.registry,
        )
        self.duration = Histogram(
            "coursehub_request_duration_seconds",
            "Seconds from a request's arrival to the end of its answer, by method and route.",
            ("method", "route"),
            registry=self.registry,
        )
        ProcessCollector(registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(method, route).observe(seconds)


def request_id_of(scope: Scope) -> str:
    """The client's `X-Request-ID` when it is a short safe token, else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            sent = value.decode("latin-1")
            if SAFE_REQUEST_ID.fullmatch(sent):
                return sent
            break
    return uuid.uuid4().hex


def route_of(scope: Scope) -> str:
    """The template of the route that answered (the router leaves it in the scope), or
    UNMATCHED when none did."""
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else UNMATCHED


def method_of(scope: Scope) -> str:
    method = scope["method"]
    return method if method in METHODS else "OTHER"


class RequestMonitor:
    def __init__(self, app: ASGIApp, metrics: RequestMetrics | None = None) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        started = time.perf_counter()
        # Until an answer starts, the request has failed: an exception, or a cancelled task,
        # leaves it at 500.
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != b"x-request-id"
                ]
                headers.append((b"x-request-id", request_id.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # The error handler outside this middleware answers 500 and the server logs the
            # traceback; this line says which request it was.
            status = 500
            raise
        finally:
            self.record(scope, request_id, status, time.perf_counter() - started)

    def record(self, scope: Scope, request_id: str, status: int, seconds: float) -> None:
        method, route = method_of(scope), route_of(scope)
        if self.metrics is not None:
            self.metrics.observe(method, route, status, seconds)
        # Never headers, the query string or a body: they carry tokens and people's data.
        line = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "request_id": request_id,
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": round(seconds * 1000, 1),
        }
        REQUEST_LOG.log(logging.ERROR if status >= 500 else logging.INFO, json.dumps(line))


def log_requests_to_stderr() -> None:
    """Under uvicorn nothing prints the app's own loggers (uvicorn sets up its own only), so
    the request log gets a handler writing each JSON line as it is to stderr, at uvicorn's
    `--log-level` (with `--log-level warning`, only the 5xx lines). Where logging is set up
    already (pytest's capture, an operator's logging configuration) it is left alone."""
    if REQUEST_LOG.hasHandlers():
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    REQUEST_LOG.addHandler(handler)
    REQUEST_LOG.setLevel(logging.getLogger("uvicorn.error").getEffectiveLevel())
