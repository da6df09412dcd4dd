"""Fuzzing an app by its own OpenAPI document: every operation gets schema-valid and
schema-breaking requests (schemathesis, over HTTP), and every answer is checked: no server
error, a status and body the document promises, invalid input refused.

The app runs where the caller put it (a server of our own reference, or a student's app in
the sandbox); this module only talks HTTP to `base_url`. What a failure reports is the
check that failed and a `curl` line that repeats the request.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from autograder.fuzz_login import Login, login_headers, login_probe

# Checks left out, each with its reason (every other check of schemathesis runs):
EXCLUDED_CHECKS = {
    # A request valid by the schema may still be refused for what is stored: a duplicate code
    # answers 409, a full group 409, an unknown course 404. No schema can say what a database
    # holds; server errors and promised statuses are still checked for those requests.
    positive_data_acceptance: "a schema-valid request may conflict with stored data (409, 404)",
}


@dataclass(frozen=True)
class FuzzFailure:
    operation: str  # "POST /api/groups"
    mode: str  # "positive" (schema-valid requests) or "negative" (schema-breaking ones)
    report: str  # what schemathesis found, with a `curl` line that repeats the request


@dataclass(frozen=True)
class FuzzTarget:
    base_url: str
    # Logs in once (`autograder.fuzz_login`); its token is sent with every request, so
    # protected operations are fuzzed past their 401. No path but a body: the OAuth2
    # password flow's tokenUrl; neither: no login.
    login_path: str | None = None
    login_body: Mapping[str, Any] | None = None
    token_prefix: str | None = None  # the word before the token ("Token"); None: by the scheme


def auth_headers(target: FuzzTarget, document: Mapping[str, Any]) -> dict[str, str]:
    if target.login_path is None and target.login_body is None:
        return {}
    login = Login(target.login_path, target.login_body or {}, target.token_prefix)
    return login_headers(target.base_url, document, login)


def fuzz_operations(target: FuzzTarget, examples: int) -> Iterator[tuple[str, FuzzFailure | None]]:
    """For each operation and kind of request ("POST /api/groups (negative requests)"), its
    first failure (None when it passed)."""
    schema = schemathesis.openapi.from_url(f"{target.base_url}/openapi.json")
    headers = auth_headers(target, schema.raw_schema)
    operations = [result.ok() for result in schema.get_all_operations()]
    if headers:
        operations = account_changes_last(operations, schema.raw_schema)
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = _fuzz_one(operation, mode, target.base_url, headers, examples)
            yield f"{operation.label} ({mode.value} requests)", failure


def account_changes_last(operations: list[Any], document: Mapping[str, Any]) -> list[Any]:
    """The operations in the document's order, but those that change the logged-in account
    (any method but GET on the path that tells who is logged in, `PUT /api/user`) last: a
    new password they send revokes the fuzzer's token, a new email breaks its login, and
    every operation after them would only ever see a 401."""
    account = login_probe(document)
    return sorted(operations, key=lambda op: op.path == account and op.method.upper() != "GET")


def _fuzz_one(operation, mode, base_url, headers, examples) -> FuzzFailure | None:  # type: ignore[no-untyped-def]
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # nothing remembered between runs: the same command, the same search
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case) -> None:  # type: ignore[no-untyped-def]
        case.call_and_validate(
            base_url=base_url, headers=headers, excluded_checks=list(EXCLUDED_CHECKS)
        )

    try:
        check()
    except Unsatisfiable:
        return None  # nothing to break: the operation takes no input
    except (Exception, BaseExceptionGroup) as failure:  # every failure is reported, none raised
        return FuzzFailure(operation.label, mode.value, str(failure).strip())
    return None
