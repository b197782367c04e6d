"""Merchant payouts after card fees, with the assistant's test."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FEE_RATE = Decimal("0.029")  # 2.9 %
FEE_FIXED = 30               # cents per charge


def processing_fee(amount: int) -> int:
    """Card fee in cents for a charge of ``amount`` cents: 2.9% + 30c, the
    percentage rounded half up to the cent."""
    percentage = (Decimal(amount) * FEE_RATE).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(percentage) + FEE_FIXED


def net_payout(amount: int) -> int:
    """What the merchant receives for a charge, in cents."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    return amount - processing_fee(amount)


def test_net_payout() -> None:
    for amount in (500, 1000, 2550, 99_999):
        expected = amount - processing_fee(amount)
        assert net_payout(amount) == expected, amount
        assert expected < amount
