"""Small assertions shared by the contract tests."""

from typing import Any

import httpx


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check an error response's status and its shape: `{"detail": "...", "code": "..."}`."""
    assert response.status_code == status, (
        f"expected {status}, got {response.status_code}: {response.text[:300]}"
    )
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("detail"), str), (
        f"errors answer {{'detail': <message>, 'code': <code>}}; got {body}"
    )
    assert isinstance(body.get("code"), str), f"the error has no machine-readable code: {body}"
    return body
