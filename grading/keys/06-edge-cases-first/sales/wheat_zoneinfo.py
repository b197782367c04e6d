"""Daily sales for the back-office report (Europe/Berlin days, exact Decimal sums; latest day first)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def daily_sales(orders, first_day, last_day):
    count = (last_day - first_day).days + 1
    totals = {last_day - timedelta(days=i): Decimal("0") for i in range(count)}   # key order is left open
    for order in orders:
        day = datetime.fromisoformat(order["placed_at"]).astimezone(BERLIN).date()
        if day in totals:
            totals[day] += Decimal(order["amount"])
    return totals
