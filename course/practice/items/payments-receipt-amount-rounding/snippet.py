"""Money amounts for the ledger and for printed receipts."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext

CENT = Decimal("0.01")


def ledger_amount(value: Decimal) -> Decimal:
    """Round to cents for the ledger: half to even (banker's rounding), the context default."""
    return value.quantize(CENT)


def receipt_amount(value: Decimal, currency: str) -> str:
    """'1,234.57 EUR' for a receipt: two decimals, halves rounded up as customers expect."""
    getcontext().rounding = ROUND_HALF_UP
    rounded = value.quantize(CENT)
    return f"{rounded:,} {currency}"


def receipt_lines(items: list[tuple[str, Decimal]], currency: str) -> list[str]:
    """One printed line per item, then the total."""
    total = sum((amount for _, amount in items), Decimal(0))
    lines = [f"{name:<24}{receipt_amount(amount, currency):>16}" for name, amount in items]
    return lines + [f"{'TOTAL':<24}{receipt_amount(total, currency):>16}"]
