"""One error format for the whole API: `{"detail": "...", "code": "..."}`.

Services raise the exceptions below; the handlers turn them into responses, so no service
needs to know about HTTP and every client can rely on the same shape.
"""

from typing import ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class AppError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


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


# Machine-readable codes for errors the framework raises itself (unknown URL, wrong method).
HTTP_ERROR_CODES = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated"}


async def handle_app_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppError)
    return JSONResponse(
        {"detail": error.detail, "code": error.code},
        status_code=error.status_code,
        headers=error.headers,
    )


async def handle_http_exception(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return JSONResponse(
        {"detail": error.detail, "code": HTTP_ERROR_CODES.get(error.status_code, "http_error")},
        status_code=error.status_code,
        headers=error.headers,
    )


# TODO(hw05): write `handle_validation_error(request, error)` that answers 422 with
# {"detail": ..., "code": "validation_error", "errors": [{"field", "location", "message"}]}
# (one item per entry of `error.errors()`), then register it in `install_error_handlers`.


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, handle_app_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
