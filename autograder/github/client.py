"""The GitHub REST API, as the grading steps use it: retried on a server error, paginated,
and with downloads capped as they stream."""

import os
import time
from collections.abc import Iterator
from typing import Any

import httpx

from courseware.errors import CourseError

RETRIED_STATUSES = {500, 502, 503, 504}


class GitHubError(CourseError):
    """The API refused or failed; the message names the request, never the token."""


class GitHub:
    def __init__(self, api_url: str, token: str, *, retry_pause: float = 2.0) -> None:
        if not token:
            raise CourseError("GITHUB_TOKEN is not set: this step needs a token for the API")
        self.retry_pause = retry_pause
        self.client = httpx.Client(
            base_url=api_url.rstrip("/"),
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "coursehub-grader",
            },
            timeout=60,
            # httpx drops the Authorization header when a redirect leaves the API's host.
            follow_redirects=True,
        )

    @classmethod
    def from_environment(cls) -> "GitHub":
        return cls(
            os.environ.get("GITHUB_API_URL", "https://api.github.com"),
            os.environ.get("GITHUB_TOKEN", ""),
        )

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        for attempt in range(3):
            try:
                response = self.client.request(method, path, **options)
            except httpx.TransportError as error:
                if attempt == 2:
                    raise GitHubError(f"{method} {path}: {type(error).__name__}") from None
            else:
                if response.status_code not in RETRIED_STATUSES or attempt == 2:
                    break
            time.sleep(self.retry_pause * (attempt + 1))
        if response.status_code >= 400:
            try:
                message = response.json().get("message", "")
            except ValueError:
                message = response.text[:200]
            raise GitHubError(f"{method} {path}: {response.status_code} {message}".strip())
        return response

    def download(self, path: str, limit: int) -> bytes:
        """A binary response of at most `limit` bytes (an archive), read as it streams."""
        chunks, size = [], 0
        with self.client.stream("GET", path) as response:
            if response.status_code >= 400:
                raise GitHubError(f"GET {path}: {response.status_code}")
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise CourseError(f"the download is over {limit // 2**20} MB")
                chunks.append(chunk)
        return b"".join(chunks)

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params=params or None).json()

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("POST", path, json=body).json()

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("PATCH", path, json=body).json()

    def paginate(self, path: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, following the `Link: rel="next"` pages."""
        url: str | None = path
        query: dict[str, Any] | None = {"per_page": 100, **params}
        while url:
            response = self.request("GET", url, params=query)
            yield from response.json()
            url = response.links.get("next", {}).get("url")
            query = None  # the next link carries the query

    def close(self) -> None:
        self.client.close()
