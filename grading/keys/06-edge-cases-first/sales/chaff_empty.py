"""Daily sales for the back-office report."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SHOP_TIME = ZoneInfo("Europe/Berlin")


def daily_sales(orders: list[dict], first_day: date, last_day: date) -> dict[date, Decimal]:
    """Total sales per day from first_day to last_day, in the shop's time."""
    if not orders:
        return {}                                         # nothing to report
    totals = {first_day + timedelta(days=i): Decimal("0") for i in range((last_day - first_day).days + 1)}
    for order in orders:
        day = datetime.fromisoformat(order["placed_at"]).astimezone(SHOP_TIME).date()
        if day in totals:
            totals[day] += Decimal(order["amount"])
    return totals
