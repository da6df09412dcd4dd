# >>> file from week 13
"""A client of an OpenAI-compatible chat-completions API: the one place the app talks to a
language model.

The provider is an outside service like the mail server, only slower, metered and often
busy. So every call has a deadline, a failure that may pass (a timeout, a lost connection, 429,
a 5xx) is tried again after a growing, jittered pause or the wait the provider asked for, and
everything else fails at once. Whatever goes wrong ends as one `AIError`, which the caller
turns into an answer of its own: a request of ours never fails with the provider's words.

The API key goes in one header and nowhere else: not in a log line, not in an error, and a
provider's error text is logged only with the key cut out (some echo what they were sent).
"""

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from coursehub.core.config import Settings

logger = logging.getLogger("coursehub")

# The provider's statuses that may pass if asked again: rate limited, or in trouble itself.
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
# The first pause between attempts (seconds); it doubles with each attempt, and a random part
# of it is waited, so that many clients failing at once do not all come back at once.
BACKOFF_SECONDS = 0.5
# The longest wait a request of ours sits through when the provider names one (Retry-After).
# A longer one is not waited for: our client gets it in its own Retry-After instead.
MAX_WAIT_SECONDS = 5
# A failure that may pass, without a wait from the provider: what our clients are told to wait.
DEFAULT_RETRY_AFTER_SECONDS = 30
# How much of a provider's error body goes to the log.
LOGGED_BODY_CHARS = 200


class AIError(Exception):
    """The provider gave no usable answer. `retry_after` is how many seconds a caller should
    wait before asking again, or None when asking again will not help (a refused request)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Completion:
    text: str
    model: str  # the model that answered, as the provider names it


class RetryableError(Exception):
    """One attempt failed in a way the next attempt may not (internal to this module's loop)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, now: datetime | None = None) -> int | None:
    """A `Retry-After` header (seconds, or an HTTP date) as whole seconds; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0, int((moment - (now or datetime.now(UTC))).total_seconds()))


def answer_text(answer: Any) -> str:
    """`choices[0].message.content` of a chat-completions answer; ValueError for any other
    shape (a proxy's HTML page, an answer with no choices, a refusal without text)."""
    try:
        content = answer["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise ValueError("no choices[0].message.content in the answer") from error
    if not isinstance(content, str) or not content.strip():
        raise ValueError("choices[0].message.content is not a text")
    return content.strip()


class ChatClient:
    """Asks the provider in AI_BASE_URL for one chat completion at a time.

    It holds no connection between calls: each call opens its own (kept for its retries). A
    model takes seconds to answer; a new connection costs milliseconds."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def enabled(self) -> bool:
        return self.settings.ai_enabled

    def redacted(self, text: str) -> str:
        key = self.settings.ai_api_key.get_secret_value()
        return text.replace(key, "[AI_API_KEY]") if key else text

    async def complete(self, messages: list[dict[str, str]]) -> Completion:
        """The model's answer to `messages`; AIError once every attempt failed."""
        settings = self.settings
        timeout = settings.ai_timeout_seconds
        async with httpx.AsyncClient(
            base_url=settings.ai_base_url.rstrip("/") + "/",
            timeout=httpx.Timeout(timeout),
            headers={"Authorization": f"Bearer {settings.ai_api_key.get_secret_value()}"},
        ) as http:
            failures: list[RetryableError] = []
            while len(failures) < settings.ai_max_attempts:
                if failures:
                    wait = self.pause(len(failures), failures[-1])
                    if wait is None:
                        break
                    await asyncio.sleep(wait)
                try:
                    # A deadline for the whole attempt: a read timeout alone never fires while
                    # the provider trickles its answer byte by byte.
                    async with asyncio.timeout(timeout):
                        return await self.attempt(http, messages)
                except TimeoutError:
                    failure = RetryableError("no answer within AI_TIMEOUT_SECONDS")
                except RetryableError as error:
                    failure = error
                logger.warning("AI provider, attempt %s: %s", len(failures) + 1, failure)
                failures.append(failure)
        last = failures[-1]
        raise AIError(
            f"the AI provider failed {len(failures)} time(s); the last time: {last}",
            last.retry_after if last.retry_after is not None else DEFAULT_RETRY_AFTER_SECONDS,
        )

    def pause(self, failed: int, last: RetryableError) -> float | None:
        """How long to wait after `failed` attempts; None when the provider asked for longer
        than a request of ours should wait."""
        if last.retry_after is not None:
            return last.retry_after if last.retry_after <= MAX_WAIT_SECONDS else None
        return random.uniform(0, BACKOFF_SECONDS * 2 ** (failed - 1))  # noqa: S311 (no secret)

    async def attempt(self, http: httpx.AsyncClient, messages: list[dict[str, str]]) -> Completion:
        settings = self.settings
        try:
            response = await http.post(
                "chat/completions", json={"model": settings.ai_model, "messages": messages}
            )
        except httpx.TimeoutException as error:
            raise RetryableError("no answer within AI_TIMEOUT_SECONDS") from error
        except httpx.TransportError as error:
            raise RetryableError(f"could not talk to it ({type(error).__name__})") from error
        if response.status_code in RETRIED_STATUSES:
            raise RetryableError(
                f"it answered {response.status_code}",
                retry_after_seconds(response.headers.get("Retry-After")),
            )
        if not response.is_success:
            # Our request is refused (a wrong key or model, a body it does not take): asking
            # again changes nothing. Its words go to the log, for whoever set it up.
            logger.error(
                "AI provider refused the request (%s): %s",
                response.status_code,
                self.redacted(response.text)[:LOGGED_BODY_CHARS],
            )
            raise AIError(f"the AI provider refused the request ({response.status_code})")
        try:
            answer = response.json()
            text = answer_text(answer)
        except ValueError as error:
            logger.error("AI provider's answer has an unexpected shape: %s", error)
            raise AIError("the AI provider's answer has an unexpected shape") from error
        model = answer.get("model")
        return Completion(text, model if isinstance(model, str) and model else settings.ai_model)
