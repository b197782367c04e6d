"""Sales figures for the shop's daily dashboard."""
from __future__ import annotations


def average_order_value(orders: list[dict]) -> int:
    """Return the average order value for one day, in whole cents.

    Each order is a dict with "total_cents" (int) and "status". Refunded
    orders are skipped so the figure reflects money the shop actually kept.
    """
    totals = [order["total_cents"] for order in orders
              if order["status"] != "refunded"]
    average = sum(totals) / len(totals)
    return int(average + 0.5)  # round half up to the nearest cent
