"""Cart quotes for checkout, the nightly reminder job and the marketplace worker."""
from __future__ import annotations

from datetime import datetime, timezone


def quote(catalog, lines, at: datetime) -> int:
    """Total of the cart in cents at `at`, with the cheapest item free during the 3-for-2 promotion."""
    at = at.astimezone(timezone.utc)  # the same instant in UTC, whatever zone it came in
    starts, ends = catalog.promotion_window()

    prices = {sku: catalog.price_cents(sku) for sku, _ in lines}  # current prices, once per quote
    total = sum(prices[sku] * qty for sku, qty in lines)
    items = sum(qty for _, qty in lines)
    if items >= 3 and starts <= at < ends:
        total -= min(prices.values())  # the cheapest item is free; the caller's list is left alone
    return total
