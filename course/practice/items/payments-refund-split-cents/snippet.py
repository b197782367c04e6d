"""Partial refunds for orders paid with more than one payment method."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Payment:
    method: str    # "card", "gift_card", ...
    captured: int  # cents


def allocate_refund(refund: int, payments: list[Payment]) -> dict[str, int]:
    """Split a partial refund over an order's payments, in proportion to what each paid.

    Amounts are integer cents throughout, so there is no float rounding:
    each method gets its exact share of the refund.
    """
    total = sum(p.captured for p in payments)
    if refund < 0 or refund > total:
        raise ValueError("refund must be between 0 and the amount captured")
    return {p.method: refund * p.captured // total for p in payments}


def refund_summary(refund: int, payments: list[Payment]) -> list[str]:
    """Lines for the refund e-mail, e.g. 'card: 12.50'."""
    shares = allocate_refund(refund, payments)
    return [f"{method}: {cents / 100:.2f}" for method, cents in shares.items()]
