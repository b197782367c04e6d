"""The house policy for outbound calls (payment provider, e-mail, ...). Use it; never loop yourself.

- at most `attempts` attempts in all;
- every attempt gets a timeout, which the client must pass on: no call waits forever;
- only TransientError (a timeout, a 5xx) is retried; anything else, such as a decline, at once
  propagates;
- the wait between attempts doubles; after the last failure, UpstreamUnavailable (a 503).

    receipt = call_with_retry(lambda timeout: ctx.payments.refund(charge_id, cents, timeout=timeout),
                              what="payment provider")
"""
from __future__ import annotations

from dataclasses import dataclass
import time
from typing import Callable, TypeVar

from house.errors import TransientError, UpstreamUnavailable

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3       # in all, the first one included
    timeout: float = 2.0    # seconds, for each attempt
    backoff: float = 0.2    # seconds before the second attempt, doubled before each later one

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.timeout <= 0 or self.backoff < 0:
            raise ValueError(f"not a usable retry policy: {self}")


DEFAULT_POLICY = RetryPolicy()


def call_with_retry(call: Callable[[float], T], *, what: str, policy: RetryPolicy = DEFAULT_POLICY) -> T:
    """`call(timeout)` under the policy: its result, or UpstreamUnavailable once the attempts are used up."""
    for attempt in range(1, policy.attempts + 1):
        try:
            return call(policy.timeout)
        except TransientError as exc:
            if attempt == policy.attempts:
                raise UpstreamUnavailable(f"{what} failed {attempt} times, last: {exc}") from exc
            time.sleep(policy.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt returns or raises")
