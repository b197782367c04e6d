"""Checkout summary: show the platform fee the merchant pays on a charge."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# --- house helpers (existing, payments/money.py) ---


def to_cents(amount: str | Decimal) -> int:
    """Parse a decimal amount such as "19.99" into integer cents, rounding half up."""
    return int((Decimal(amount) * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent_of(cents: int, rate: str) -> int:
    """`rate` (a decimal string such as "0.029") of an amount in cents, rounded half up to the cent."""
    return int((Decimal(cents) * Decimal(rate)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


# --- the assistant's change ---

FEE_RATE = 0.029
FEE_FIXED_CENTS = 30


def platform_fee_cents(amount: str) -> int:
    """Platform fee for a charge of `amount` (e.g. "15.00"): 2.9% plus 30 cents, in cents."""
    percentage = round(float(amount) * FEE_RATE, 2)  # in currency units, rounded to the cent
    return int(percentage * 100) + FEE_FIXED_CENTS
