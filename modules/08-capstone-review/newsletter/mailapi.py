"""The house client for the mail provider's HTTP API: use it for every call to the provider.

It sets a timeout on every call, retries only what is worth retrying (429, 5xx, timeouts, resets)
with capped exponential backoff and full jitter, and turns every failure into MailApiError, so a
caller never sees urllib's exceptions and never needs a retry loop of its own.
"""
from __future__ import annotations

from dataclasses import dataclass
import json
import random
import time
from typing import Any, Callable
import urllib.error
import urllib.request

RETRYABLE = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3           # calls in all, the first one included
    base: float = 0.2           # seconds before the first retry (at most)
    cap: float = 2.0            # the longest wait between two calls

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter: a random wait up to min(cap, base * 2**attempt)."""
        return rng.uniform(0, min(self.cap, self.base * 2 ** attempt))


class MailApiError(Exception):
    """The provider did not take the message: `status` is its HTTP status, or None when it never answered."""

    def __init__(self, status: int | None, message: str) -> None:
        super().__init__(message)
        self.status = status


class MailApi:
    def __init__(self, base_url: str, api_key: str, *, timeout: float = 5.0, policy: RetryPolicy = RetryPolicy(),
                 urlopen: Callable[..., Any] = urllib.request.urlopen, sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.policy = policy
        self.urlopen = urlopen
        self.sleep = sleep
        self.rng = rng or random.Random()

    def send(self, to: str, subject: str, html: str) -> str:
        """Send one message; the provider's message id. MailApiError when the provider does not take it."""
        body = json.dumps({"to": to, "subject": subject, "html": html}).encode()
        status: int | None = None
        for attempt in range(self.policy.attempts):
            request = urllib.request.Request(f"{self.base_url}/v1/messages", data=body, method="POST", headers={
                "Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
            try:
                with self.urlopen(request, timeout=self.timeout) as response:
                    return str(json.load(response).get("id", ""))
            except urllib.error.HTTPError as exc:
                status = exc.code
                if status not in RETRYABLE:
                    raise MailApiError(status, f"the provider refused the message ({status})") from None
            except (urllib.error.URLError, OSError):
                status = None             # timed out, reset, refused: worth another try
            if attempt + 1 < self.policy.attempts:
                self.sleep(self.policy.delay(attempt, self.rng))
        raise MailApiError(status, f"the provider did not take the message after {self.policy.attempts} calls")
