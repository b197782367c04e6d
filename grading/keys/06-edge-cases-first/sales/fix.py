"""Daily sales for the back-office report.

The report shows, for each day of the period the manager picks, what the
shop sold that day. Orders come from the orders API: `placed_at` is an
ISO 8601 timestamp in UTC ("2026-07-01T22:30:00Z"), `amount` the order's
total in euros as a decimal string ("12.34").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SHOP_TIME = ZoneInfo("Europe/Berlin")   # UTC+1 in winter, UTC+2 in summer


def daily_sales(orders: list[dict], first_day: date, last_day: date) -> dict[date, Decimal]:
    """Total sales per day from first_day to last_day (both included), in the shop's time, exactly."""
    days = (last_day - first_day).days + 1
    totals = {first_day + timedelta(days=i): Decimal("0.00") for i in range(days)}
    for order in orders:
        day = datetime.fromisoformat(order["placed_at"]).astimezone(SHOP_TIME).date()
        if day in totals:
            totals[day] += Decimal(order["amount"])
    return totals
