"""Prorated refunds for cancelled subscriptions."""
from __future__ import annotations

from decimal import Decimal


def prorated_refund(amount: Decimal, days_used: int, days_in_period: int) -> Decimal:
    """Return the refund for the unused part of a billing period, to the cent.

    Decimal is used throughout, so no binary float error creeps into money:
    the unused share is computed exactly and then rounded to two places.
    """
    if days_in_period <= 0:
        raise ValueError("days_in_period must be positive")
    if not 0 <= days_used <= days_in_period:
        raise ValueError("days_used must lie within the billing period")
    unused = days_in_period - days_used
    share = amount * Decimal(unused) / Decimal(days_in_period)
    return round(share, 2)


def refund_lines(amount: Decimal, days_used: int, days_in_period: int) -> dict[str, str]:
    """The refund as the strings the credit-note template expects."""
    refund = prorated_refund(amount, days_used, days_in_period)
    return {"refund": f"{refund:.2f}", "kept": f"{amount - refund:.2f}"}
