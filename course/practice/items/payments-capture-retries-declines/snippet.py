"""Capture authorised card payments at shipping time."""
from __future__ import annotations

import time
from typing import Any, Callable, Protocol


class GatewayError(Exception):
    def __init__(self, code: str, retryable: bool) -> None:
        super().__init__(code)
        self.code = code
        self.retryable = retryable


class Gateway(Protocol):
    def capture(self, payment_id: str, amount_cents: int, idempotency_key: str) -> dict[str, Any]: ...


def capture_payment(
    gateway: Gateway,
    payment_id: str,
    amount_cents: int,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int = 4,
) -> dict[str, Any]:
    """Capture `amount_cents` of an authorised payment.

    Gateway errors are retried with exponential backoff; the idempotency key
    makes a retried capture safe to repeat.
    """
    key = f"capture-{payment_id}"
    for attempt in range(attempts):
        try:
            return gateway.capture(payment_id, amount_cents, idempotency_key=key)
        except GatewayError:
            if attempt == attempts - 1:
                raise
            sleep(0.5 * 2 ** attempt)
    raise ValueError("attempts must be at least 1")
