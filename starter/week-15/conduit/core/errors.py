"""The spec's one error format, for every error the API answers: `{"errors": {"body": [...]}}`.

Services raise the exceptions below; the handlers turn them, the framework's own errors
(unknown URL, wrong method, invalid input) and any bug into that shape, so a RealWorld
frontend shows every problem the same way and no service needs to know about HTTP.
"""

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger("conduit")


class ErrorMessages(BaseModel):
    body: list[str]


class GenericErrorModel(BaseModel):
    """What every error answers: sentences a person can act on (the spec's name and shape)."""

    errors: ErrorMessages


# What each error status means, in the OpenAPI document.
ERROR_MEANINGS = {
    401: "No valid `Authorization: Token <jwt>` header was sent.",
    403: "The token is valid, but its user may not do this (only an author may).",
    404: "What the path names does not exist.",
    422: "The request is not valid: each sentence of `errors.body` says what to fix.",
    503: "The database is not answering.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: each error status it can answer, with its body, so that the
    OpenAPI document says everything a client may receive (and FastAPI's own 422 body, which
    this API never sends, is not documented in its place)."""
    return {s: {"model": GenericErrorModel, "description": ERROR_MEANINGS[s]} for s in statuses}


def error_body(*messages: str) -> dict[str, Any]:
    return {"errors": {"body": list(messages)}}


class AppError(Exception):
    status_code: ClassVar[int] = 422
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnprocessableError(AppError):
    """A well-formed request the stored data refuses: a taken email, following oneself. The
    spec answers every refused request with 422, so this API has no 409."""

    status_code = 422


class NotAuthenticatedError(AppError):
    status_code = 401
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Token"}


class ForbiddenError(AppError):
    """The user is known (else 401) but not allowed: changing another author's article."""

    status_code = 403


class NotFoundError(AppError):
    status_code = 404


async def handle_app_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    return JSONResponse(
        error_body(error.detail), status_code=error.status_code, headers=error.headers
    )


async def handle_http_exception(_request: Request, error: Exception) -> JSONResponse:
    """Errors the framework raises itself: an unknown URL (404), a wrong method (405), a
    body it cannot even decode (its 400, which the spec's "a request that fails validation
    answers 422" makes a 422)."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 400:
        return JSONResponse(
            error_body("body: the request body could not be read; send JSON text in UTF-8"),
            status_code=422,
        )
    return JSONResponse(
        error_body(str(error.detail)), status_code=error.status_code, headers=error.headers
    )


def describe_validation_errors(error: RequestValidationError) -> list[str]:
    """One sentence per problem, naming the field as the client wrote it:
    "user.email: value is not a valid email address: ...", "limit: Input should be ..."."""
    sentences = []
    for item in error.errors():
        location, *path = item["loc"]
        field = ".".join(str(part) for part in path) or str(location)
        # Our own validators' sentences, without Pydantic's "Value error, " in front.
        error = item.get("ctx", {}).get("error")
        message = str(error) if item["type"] == "value_error" and error else item["msg"]
        sentences.append(f"{field}: {message}")
    return sentences


async def handle_validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return JSONResponse(error_body(*describe_validation_errors(error)), status_code=422)


async def handle_not_implemented(_request: Request, error: Exception) -> JSONResponse:
    """A part of the API that is still a stub (the capstone's starters raise
    `NotImplementedError("TODO(...)")`) answers 501 with the TODO, so the route shows in the
    docs and a client learns what is missing instead of seeing a bare 500."""
    return JSONResponse(error_body(f"not implemented yet: {error}"), status_code=501)


async def handle_unexpected_error(_request: Request, error: Exception) -> JSONResponse:
    """A bug still answers in the one error format and says nothing of its cause (the
    server's log has the traceback)."""
    logger.error("unexpected error", exc_info=error)
    return JSONResponse(
        error_body("Something went wrong on our side; it has been logged."), status_code=500
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(NotImplementedError, handle_not_implemented)
    app.add_exception_handler(Exception, handle_unexpected_error)
