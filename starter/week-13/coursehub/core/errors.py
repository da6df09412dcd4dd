"""One error format for the whole API: `{"detail": "...", "code": "..."}`.

Services raise the exceptions below; the handlers turn them into responses, so no service
needs to know about HTTP and every client can rely on the same shape.
"""

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

import logging

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

logger = logging.getLogger("coursehub")


class ErrorBody(BaseModel):
    """Every error the API answers: a sentence for people, a code for programs."""

    detail: str
    code: str


# What each error status means, in the OpenAPI document.
ERROR_MEANINGS = {
    400: "The body could not be read as JSON text, or the token it holds is not valid.",
    401: "No valid bearer token was sent.",
    404: "What the path names does not exist.",
    403: "The token is valid, but its user may not do this.",
    409: "The request conflicts with what is stored.",
    429: "Too many attempts: wait as long as `Retry-After` says.",
    503: "The database or the mail server is not answering: try again after `Retry-After`.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each error status it can answer, with its body, so the
    OpenAPI document says everything a client may receive."""
    return {s: {"model": ErrorBody, "description": ERROR_MEANINGS[s]} for s in statuses}


class AppError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def response_headers(self) -> dict[str, str] | None:
        return self.headers


class NotFoundError(AppError):
    status_code = 404
    code = "not_found"


class ConflictError(AppError):
    status_code = 409
    code = "conflict"


class NotAuthenticatedError(AppError):
    status_code = 401
    code = "not_authenticated"
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Bearer"}


class ForbiddenError(AppError):
    """The user is known (else 401) but not allowed: a student writing a course, a member
    changing another member's note."""

    status_code = 403
    code = "forbidden"


class TooManyRequestsError(AppError):
    status_code = 429
    code = "too_many_requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after

    def response_headers(self) -> dict[str, str] | None:
        return {"Retry-After": str(self.retry_after)}


class VerificationFailedError(AppError):
    """A verification token that is unknown, already used or expired."""

    code = "verification_failed"


class ServiceUnavailableError(AppError):
    """Something the app relies on (the database, the mail server) is down. The request may
    well work in a moment, which a 500 would not tell the client."""

    status_code = 503
    code = "service_unavailable"
    headers: ClassVar[dict[str, str] | None] = {"Retry-After": "30"}


# Machine-readable codes for errors the framework raises itself (unknown URL, wrong method).
HTTP_ERROR_CODES = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated"}


async def handle_app_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    return JSONResponse(
        {"detail": error.detail, "code": error.code},
        status_code=error.status_code,
        headers=error.response_headers(),
    )


async def handle_http_exception(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return JSONResponse(
        {"detail": error.detail, "code": HTTP_ERROR_CODES.get(error.status_code, "http_error")},
        status_code=error.status_code,
        headers=error.headers,
    )


async def handle_unexpected_error(_request: Request, _error: Exception) -> JSONResponse:
    """A bug still answers in the one error format and says nothing of its cause (the
    server's log has the traceback)."""
    return JSONResponse(
        {"detail": "Something went wrong on our side; it has been logged.", "code": "internal"},
        status_code=500,
    )


# SQLite's words for a database that is busy or out of reach (its errors have no codes).
SQLITE_UNAVAILABLE = ("database is locked", "unable to open", "disk i/o error", "disk is full")
# PostgreSQL's SQLSTATE classes for the same: connection exceptions, insufficient resources
# (too many connections), operator intervention (a server shutting down).
POSTGRES_UNAVAILABLE = ("08", "53", "57P")


def database_unavailable(error: Exception) -> bool:
    """Whether a database error is the database's state (worth a retry) rather than a bug
    (a broken query is not fixed by asking again)."""
    if isinstance(error, PoolTimeout | InterfaceError | ConnectionError):
        return True
    if not isinstance(error, OperationalError):
        return False
    if error.connection_invalidated:
        return True
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    message = str(error.orig).lower()
    return sqlstate.startswith(POSTGRES_UNAVAILABLE) or any(
        words in message for words in SQLITE_UNAVAILABLE
    )


async def handle_database_error(request: Request, error: Exception) -> JSONResponse:
    """A database that is busy, unreachable or out of connections answers 503, which a
    client may retry; the cause goes to the server's log only (it can name hosts and users).
    Any other database error is a bug, and answers as one."""
    if not database_unavailable(error):
        logger.error("database error", exc_info=error)
        return await handle_unexpected_error(request, error)
    logger.warning("database unavailable: %s", error)
    unavailable = ServiceUnavailableError("The database is not answering; try again shortly.")
    return await handle_app_error(request, unavailable)


# The 422 body of the validation handler (HW5), and how the OpenAPI document says so.
class FieldError(BaseModel):
    field: str
    location: str
    message: str


class ValidationErrorBody(ErrorBody):
    errors: list[FieldError]


def publish_validation_error_format(app: FastAPI) -> None:
    """FastAPI documents its own 422 body on every route that reads input; ours is different,
    so the OpenAPI document gets ours in its place."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            ours = ValidationErrorBody.model_json_schema(
                ref_template="#/components/schemas/{model}"
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(ours.pop("$defs", {}))
            components["HTTPValidationError"] = ours
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def describe_validation_errors(error: RequestValidationError) -> list[dict[str, str]]:
    """Turn Pydantic's error list into `{field, location, message}` items a person can read."""
    described = []
    for item in error.errors():
        location, *path = item["loc"]
        described.append(
            {
                "field": ".".join(str(part) for part in path) or str(location),
                "location": str(location),
                "message": item["msg"],
            }
        )
    return described


async def handle_validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(
        {
            "detail": "The request is not valid: see `errors` for each field to fix.",
            "code": "validation_error",
            "errors": describe_validation_errors(error),
        },
        status_code=422,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(Exception, handle_unexpected_error)
    # A constraint violation is the request's fault and every service turns it into a 409
    # (`commit_or_conflict`); any other database error is the server's, and may pass.
    for database_error in (OperationalError, InterfaceError, PoolTimeout, ConnectionError):
        app.add_exception_handler(database_error, handle_database_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    publish_validation_error_format(app)
