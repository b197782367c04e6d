"""Cart quotes for checkout, the nightly reminder job and the marketplace worker."""
from __future__ import annotations

from datetime import datetime, timezone


def _as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time already is UTC (that is how the database stores it)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def quote(catalog, lines, at: datetime) -> int:
    """Total of the cart in cents at `at`, with the cheapest item free during the 3-for-2 promotion."""
    moment = _as_utc(at)
    priced = [(catalog.price_cents(sku), qty) for sku, qty in lines]
    total = 0
    for price, qty in priced:
        total += price * qty
    starts, ends = catalog.promotion_window()
    if starts <= moment < ends and sum(qty for _, qty in priced) >= 3:
        total -= min(price for price, _ in priced)
    return total
