"""The payment provider, as handlers see it: `ctx.payments`. The HTTP client behind it lives in the
platform package; in tests it is a fake.
"""
from __future__ import annotations

from typing import Protocol


class PaymentProvider(Protocol):
    """Both calls raise TransientError (a timeout, a 5xx: worth another attempt) or PaymentDeclined
    (a 4xx: final). `timeout=None` waits as long as the provider takes: always pass the policy's."""

    def refund(self, charge_id: str, amount_cents: int, *, timeout: float | None = None) -> str:
        """Refund part of a charge; returns the provider's reference for the refund."""
        ...

    def charge_status(self, charge_id: str, *, timeout: float | None = None) -> str:
        """The charge's state at the provider, such as "captured" or "partially_refunded"."""
        ...
