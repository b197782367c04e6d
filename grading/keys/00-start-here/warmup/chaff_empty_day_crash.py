"""Sales figures for the shop's daily dashboard."""
from __future__ import annotations

import statistics


def average_order_value(orders: list[dict]) -> int:
    """Average value of the day's paid orders, in whole cents."""
    paid = [order["total_cents"] for order in orders if order["status"] == "paid"]
    return round(statistics.mean(paid))
