"""Failed logins counted per username: after `limit` failures within `window_seconds`, that
username's logins answer 429 until the oldest failure leaves the window.

Guessing passwords then costs an attacker a minute per handful of guesses, and a flood of
logins cannot keep the password hasher busy. It lives in the app's memory, so it counts per
server process; an app run as several processes would keep the counts in a shared store.
"""

import time
from collections import OrderedDict, deque

from coursehub.core.errors import TooManyRequestsError

# Usernames remembered at most (a flood of made-up names cannot grow the table without end).
MAX_TRACKED = 10_000


class LoginThrottle:
    def __init__(self, limit: int = 10, window_seconds: float = 60.0) -> None:
        self.limit = limit
        self.window = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, username: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(username.casefold(), deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def check(self, username: str) -> None:
        """Raise `TooManyRequestsError` while `username` has used up its failures."""
        now = time.monotonic()
        failures = self._recent(username, now)
        if len(failures) >= self.limit:
            retry_after = max(1, round(failures[0] + self.window - now))
            raise TooManyRequestsError(
                f"Too many failed logins for this username: try again in {retry_after} s.",
                retry_after,
            )

    def failed(self, username: str) -> None:
        now = time.monotonic()
        self._recent(username, now).append(now)
        self._failures.move_to_end(username.casefold())
        while len(self._failures) > MAX_TRACKED:
            self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        self._failures.pop(username.casefold(), None)
