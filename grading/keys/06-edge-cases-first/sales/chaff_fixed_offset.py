"""Daily sales for the back-office report."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

SHOP_TIME = timezone(timedelta(hours=1))   # Berlin: UTC+1


def daily_sales(orders: list[dict], first_day: date, last_day: date) -> dict[date, Decimal]:
    """Total sales per day from first_day to last_day, in the shop's time."""
    totals = {first_day + timedelta(days=i): Decimal("0") for i in range((last_day - first_day).days + 1)}
    for order in orders:
        day = datetime.fromisoformat(order["placed_at"]).astimezone(SHOP_TIME).date()
        if day in totals:
            totals[day] += Decimal(order["amount"])
    return totals
