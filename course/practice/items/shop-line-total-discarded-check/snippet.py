"""Cart line pricing, with the test the assistant added for it."""
from __future__ import annotations


def line_total(unit_price: int, qty: int, discount_pct: int = 0) -> int:
    """Price of one cart line in cents.

    Unit price times quantity, minus a percentage discount; the discount is
    rounded half up to the cent.
    """
    if qty < 0 or not 0 <= discount_pct <= 100:
        raise ValueError("qty must be >= 0 and discount_pct within 0..100")
    gross = unit_price * qty
    return gross - (gross * discount_pct + 50) // 100


def test_line_total() -> None:
    """Table-driven: each case is ((unit_price, qty, discount_pct), expected cents)."""
    cases = [
        ((250, 4, 0), 1000),    # no discount
        ((999, 3, 10), 2697),   # 299.7 off rounds to 3.00
        ((199, 1, 50), 99),     # 99.5 off rounds up to 1.00
        ((1200, 0, 25), 0),     # empty line
    ]
    all(line_total(*args) == expected for args, expected in cases)
