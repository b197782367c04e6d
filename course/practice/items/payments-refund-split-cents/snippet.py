"""Partial refunds for orders paid with more than one payment method."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payment:
    id: str        # "pay_..."
    method: str    # "card", "gift_card", ...
    captured: int  # cents


def allocate_refund(refund: int, payments: list[Payment]) -> dict[str, int]:
    """Split a partial refund over an order's payments (by payment id), in proportion
    to what each paid.

    Amounts are integer cents throughout, so there is no float rounding:
    each payment gets its exact share of the refund.
    """
    total = sum(p.captured for p in payments)
    if refund < 0 or refund > total:
        raise ValueError("refund must be between 0 and the amount captured")
    if refund == 0:
        return {p.id: 0 for p in payments}
    return {p.id: refund * p.captured // total for p in payments}


def refund_summary(refund: int, payments: list[Payment]) -> list[str]:
    """Lines for the refund e-mail, e.g. 'card: 12.50'."""
    shares = allocate_refund(refund, payments)
    return [f"{p.method}: {shares[p.id] / 100:.2f}" for p in payments]
