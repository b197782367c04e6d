"""Daily sales for the back-office report.

The snippet's shape, with every flaw repaired: a guard for no orders that still lists every day.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SHOP_TIME = ZoneInfo("Europe/Berlin")   # the shop is in Berlin


def daily_sales(orders: list[dict], first_day: date, last_day: date) -> dict[date, Decimal]:
    """Total sales per day from first_day to last_day, in the shop's time."""
    days = (last_day - first_day).days
    totals = {first_day + timedelta(days=i): Decimal("0.00") for i in range(days + 1)}
    if not orders:
        return totals
    for order in orders:
        placed = datetime.fromisoformat(order["placed_at"]).astimezone(SHOP_TIME)
        if placed.date() in totals:
            totals[placed.date()] = totals[placed.date()] + Decimal(order["amount"])
    return totals
