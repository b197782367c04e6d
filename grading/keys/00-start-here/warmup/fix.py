"""Sales figures for the shop's daily dashboard."""
from __future__ import annotations


def average_order_value(orders: list[dict]) -> int:
    """Return the average value of the day's paid orders, in whole cents.

    Each order is a dict with "total_cents" (int) and "status". Only "paid"
    orders count: refunded, cancelled and pending ones are left out. A day
    with no paid orders returns 0, so the dashboard shows 0 instead of failing.
    """
    totals = [order["total_cents"] for order in orders
              if order["status"] == "paid"]
    if not totals:
        return 0
    average = sum(totals) / len(totals)
    return int(average + 0.5)  # round half up to the nearest cent
