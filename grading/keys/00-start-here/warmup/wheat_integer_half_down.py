"""Sales figures for the shop's daily dashboard."""
from __future__ import annotations

from typing import Iterable, Mapping


def average_order_value(orders: Iterable[Mapping]) -> int:
    """Average paid order value in cents, computed in integers (no float error); halves round down."""
    paid = [o["total_cents"] for o in orders if o.get("status") == "paid"]
    count = len(paid)
    if not count:
        return 0
    return (2 * sum(paid) + count - 1) // (2 * count)
