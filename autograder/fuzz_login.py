"""Logging the fuzzer in the way the app's own OpenAPI document tells its clients to, so the
operations behind a login are fuzzed past their 401.

The document's security scheme says where the token goes:
- an OAuth2 password flow (FastAPI's `OAuth2PasswordBearer`) names its login, `tokenUrl`,
  which takes a form (`username`, `password`) and answers `{"access_token": ...}`, sent back
  as `Authorization: Bearer <token>`; nothing but the user and password needs saying;
- an HTTP bearer scheme: `Authorization: Bearer <token>` from a login the caller names;
- an API key in a header (RealWorld's `Authorization: Token <jwt>`): the token in that header,
  after the word the caller gives (`token_prefix`), since the document cannot say it.

A login the caller names is posted as its operation's request body is documented (a form or
JSON); the token is the first `access_token` (else `token`) found in the answer, at any depth
(`{"access_token"}`, RealWorld's `{"user": {"token"}}`). A login that fails, or a token the
app then refuses, is a `CourseError` saying what to fix: fuzzing on without it would report
every protected operation as passed while only its 401 was ever seen.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from courseware.errors import CourseError

TOKEN_FIELDS = ("access_token", "token")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
TIMEOUT_SECONDS = 30.0
SHOWN_CHARS = 200  # of an answer quoted in an error


@dataclass(frozen=True)
class Login:
    # The login operation's path; None: the `tokenUrl` of the document's OAuth2 password flow.
    path: str | None
    # The credentials: the form fields or the JSON document the login takes.
    body: Mapping[str, Any]
    # The word before the token in its header; None: `Bearer`, except for an API key scheme.
    token_prefix: str | None = None


@dataclass(frozen=True)
class Scheme:
    """Where the app takes its token, from one of the document's security schemes."""

    name: str  # the scheme's name in the document ("OAuth2PasswordBearer", "Token")
    header: str  # "Authorization", or an API key's own header
    token_url: str | None  # an OAuth2 password flow's login
    prefix_known: bool  # False for an API key: the document cannot say the word before it


def login_headers(base_url: str, document: Mapping[str, Any], login: Login) -> dict[str, str]:
    """The header that makes the fuzzer's requests the logged-in user's, checked to work."""
    scheme = security_scheme(document)
    path = login.path or (scheme.token_url if scheme else None)
    if path is None:
        raise CourseError(
            "the app's OpenAPI document has no OAuth2 password flow (a tokenUrl) to log in at: "
            "name its login operation with --login PATH"
        )
    token = logged_in_token(base_url, path, takes_form(document, path), login.body)
    header = scheme.header if scheme else "Authorization"
    prefix = login.token_prefix
    if prefix is None and scheme is not None and not scheme.prefix_known:
        if header.lower() == "authorization":
            raise CourseError(
                f"the app takes its token in the Authorization header (security scheme "
                f"{scheme.name!r}), after a word its document does not say: give it with "
                "--token-prefix (RealWorld's is Token)"
            )
        prefix = ""  # a header of its own holds the bare token
    if prefix is None:
        prefix = "Bearer"
    headers = {header: f"{prefix} {token}" if prefix else token}
    refused_by = refusing_operation(base_url, document, headers)
    if refused_by:
        raise CourseError(
            f"logged in at POST {path}, but {refused_by} answers 401 with the token sent as "
            f"{header}: {prefix + ' ' if prefix else ''}<token>; check --token-prefix"
        )
    return headers


def security_scheme(document: Mapping[str, Any]) -> Scheme | None:
    """The first scheme the fuzzer can send a token for (OAuth2 password flow, HTTP bearer,
    API key in a header); None when the document declares none."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    for name, scheme in schemes.items():
        kind = scheme.get("type")
        if kind == "oauth2":
            token_url = scheme.get("flows", {}).get("password", {}).get("tokenUrl")
            return Scheme(name, "Authorization", token_url, prefix_known=True)
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return Scheme(name, "Authorization", None, prefix_known=True)
        if kind == "apiKey" and scheme.get("in") == "header" and scheme.get("name"):
            return Scheme(name, scheme["name"], None, prefix_known=False)
    return None


def takes_form(document: Mapping[str, Any], path: str) -> bool:
    """Whether the document says POST `path` takes a form rather than JSON (JSON when the
    document does not know the path)."""
    operation = document.get("paths", {}).get(path, {}).get("post", {})
    content = operation.get("requestBody", {}).get("content", {})
    return "application/json" not in content and any(kind in content for kind in FORM_TYPES)


def logged_in_token(base_url: str, path: str, form: bool, body: Mapping[str, Any]) -> str:
    sent = {"data": dict(body)} if form else {"json": dict(body)}
    try:
        answer = httpx.post(f"{base_url}{path}", timeout=TIMEOUT_SECONDS, **sent)
    except httpx.HTTPError as error:
        raise CourseError(f"logging in at POST {path} failed: {error}") from error
    if not answer.is_success:
        raise CourseError(
            f"logging in at POST {path} ({'a form' if form else 'JSON'}) answered "
            f"{answer.status_code}: {shown(answer.text)}; check the user and password "
            "(--username and --password, or --login-body)"
        )
    try:
        token = next(found_tokens(answer.json()), None)
    except ValueError:
        token = None
    if token is None:
        raise CourseError(
            f"logging in at POST {path} answered {answer.status_code} without a token (no "
            f"{' or '.join(TOKEN_FIELDS)} field in {shown(answer.text)}): is it the login?"
        )
    return token


def found_tokens(answer: Any) -> Iterator[str]:
    """Every string under a token field, `access_token` first, the shallowest first."""
    for field in TOKEN_FIELDS:
        level = [answer]
        while level:
            objects = [item for item in level if isinstance(item, dict)]
            for item in objects:
                if isinstance(item.get(field), str) and item[field]:
                    yield item[field]
            level = [value for item in objects for value in item.values()]


def refusing_operation(
    base_url: str, document: Mapping[str, Any], headers: Mapping[str, str]
) -> str | None:
    """A GET that needs a login and nothing else ("GET /api/user") if it answers 401 with
    `headers`; None when it accepts them, or when the document has no such GET."""
    probe = login_probe(document)
    if probe is None:
        return None
    try:
        answer = httpx.get(f"{base_url}{probe}", headers=dict(headers), timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        raise CourseError(f"checking the login with GET {probe} failed: {error}") from error
    return f"GET {probe}" if answer.status_code == 401 else None


def login_probe(document: Mapping[str, Any]) -> str | None:
    """The first GET whose security is required (no anonymous `{}` alternative) and that
    takes no path or required query parameter: who the token belongs to, usually."""
    default = document.get("security", [])
    for path, operations in document.get("paths", {}).items():
        operation = operations.get("get")
        if operation is None or "{" in path:
            continue
        security = operation.get("security", default)
        parameters = operation.get("parameters", []) + operations.get("parameters", [])
        if (
            security
            and {} not in security
            and not any(parameter.get("required") for parameter in parameters)
        ):
            return path
    return None


def shown(text: str) -> str:
    """An answer on one line, cut short."""
    line = " ".join(text.split()) or "an empty body"
    return line[:SHOWN_CHARS] + ("..." if len(line) > SHOWN_CHARS else "")
