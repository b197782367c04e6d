"""Cart quotes for checkout, the nightly reminder job and the marketplace worker."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache


@lru_cache(maxsize=4096)
def unit_price(catalog, sku: str) -> int:
    """Price of one unit in cents (cached: each catalog lookup is a database query)."""
    return catalog.price_cents(sku)


def quote(catalog, lines, at: datetime) -> int:
    """Total of the cart in cents at `at`, with the cheapest item free during the 3-for-2 promotion."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    at = at.astimezone(timezone.utc)
    starts, ends = catalog.promotion_window()
    total = sum(unit_price(catalog, sku) * qty for sku, qty in lines)
    if sum(qty for _, qty in lines) >= 3 and starts <= at < ends:
        total -= min(unit_price(catalog, sku) for sku, _ in lines)
    return total
