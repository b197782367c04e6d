"""Daily sales for the back-office report: each local day as a window of UTC instants."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def _start_utc(day):
    return datetime.combine(day, time(0), tzinfo=BERLIN).astimezone(timezone.utc)


def daily_sales(orders, first_day, last_day):
    placed = [(datetime.fromisoformat(o["placed_at"]), Decimal(o["amount"])) for o in orders]
    result = {}
    day = first_day
    while day <= last_day:
        start, end = _start_utc(day), _start_utc(day + timedelta(days=1))
        result[day] = sum((amount for when, amount in placed if start <= when < end), Decimal("0.00"))
        day += timedelta(days=1)
    return result
