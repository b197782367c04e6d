"""Daily sales for the back-office report.

The report shows, for each day of the period the manager picks, what the
shop sold that day. Orders come from the orders API: `placed_at` is an
ISO 8601 timestamp in UTC ("2026-07-01T22:30:00Z"), `amount` the order's
total in euros as a decimal string ("12.34").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

SHOP_TIME = timezone(timedelta(hours=1))   # the shop is in Berlin


def daily_sales(orders: list[dict], first_day: date, last_day: date) -> dict[date, float]:
    """Total sales per day from first_day to last_day, in the shop's time."""
    if not orders:
        return {}
    days = (last_day - first_day).days
    totals = {first_day + timedelta(days=i): 0.0 for i in range(days)}
    for order in orders:
        placed = datetime.fromisoformat(order["placed_at"]).astimezone(SHOP_TIME)
        if placed.date() in totals:
            totals[placed.date()] = round(totals[placed.date()] + float(order["amount"]), 2)
    return totals
