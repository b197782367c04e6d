"""Cart quotes for checkout, the nightly reminder job and the marketplace worker."""
from __future__ import annotations

from datetime import datetime, timezone


def quote(catalog, lines, at: datetime) -> int:
    """Total of the cart in cents at `at`, with the cheapest item free during the 3-for-2 promotion."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)  # naive times are UTC, as the database stores them
    at = at.astimezone(timezone.utc)
    starts, ends = catalog.promotion_window()

    prices = {sku: catalog.price_cents(sku) for sku, _ in lines}  # current prices, once per quote
    total = sum(prices[sku] * qty for sku, qty in lines)
    items = sum(qty for _, qty in lines)
    if items >= 3 and starts <= at < ends:
        lines.sort(key=lambda line: prices[line[0]])
        total -= prices[lines[0][0]]  # the cheapest item is free
    return total
