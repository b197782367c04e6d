"""Monthly interest for savings accounts."""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

CENT = Decimal("0.01")


def monthly_interest(balance: Decimal, annual_rate: Decimal) -> Decimal:
    """Interest credited for one month on ``balance`` at ``annual_rate`` (0.06 = 6 %)."""
    if balance < 0:
        raise ValueError("savings balances are never negative")
    raw = balance * annual_rate / 12
    return raw.quantize(CENT, rounding=ROUND_HALF_EVEN)


def credit_month(balances: dict[str, Decimal], annual_rate: Decimal) -> dict[str, Decimal]:
    """New balances after crediting a month's interest to every account."""
    return {account: balance + monthly_interest(balance, annual_rate)
            for account, balance in balances.items()}
