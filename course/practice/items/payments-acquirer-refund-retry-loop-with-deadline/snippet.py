"""Submit refunds to the acquirer, riding out its short outages."""
from __future__ import annotations

import random
import time
from typing import Any, Callable


class AcquirerBusy(Exception):
    """503 or 429 from the acquirer: safe to retry with the same idempotency key."""


Send = Callable[[str, int, str], dict[str, Any]]


def submit_refund(
    send: Send,
    refund_id: str,
    amount_cents: int,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    budget_s: float = 20.0,
) -> dict[str, Any]:
    """Submit the refund; retry AcquirerBusy with full-jitter exponential backoff,
    for at most `budget_s` seconds in total, then raise the last error."""
    deadline = clock() + budget_s
    delay = 0.25
    while True:
        try:
            return send(refund_id, amount_cents, f"refund-{refund_id}")
        except AcquirerBusy:
            pause = random.uniform(0, delay)
            if clock() + pause > deadline:
                raise
            sleep(pause)
            delay = min(delay * 2, 8.0)
