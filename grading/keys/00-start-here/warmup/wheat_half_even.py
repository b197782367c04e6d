"""Sales figures for the shop's daily dashboard."""
from __future__ import annotations


def average_order_value(orders: list[dict]) -> int:
    """Average value of the day's paid orders in cents; 0 on a day without paid orders."""
    total = 0
    count = 0
    for order in orders:
        if order["status"] == "paid":
            total += order["total_cents"]
            count += 1
    if count == 0:
        return 0
    return round(total / count)  # Python rounds exact halves to the even cent
