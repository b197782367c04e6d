"""Cart quotes for checkout, the nightly reminder job and the marketplace worker."""
from __future__ import annotations

from datetime import datetime, timezone


def quote(catalog, lines, at: datetime) -> int:
    """Total of the cart in cents at `at`, with the cheapest item free during the 3-for-2 promotion."""
    at = at.replace(tzinfo=timezone.utc)  # promotion times are stored in UTC
    prices = {sku: catalog.price_cents(sku) for sku, _ in lines}
    total = sum(prices[sku] * qty for sku, qty in lines)
    starts, ends = catalog.promotion_window()
    if sum(qty for _, qty in lines) >= 3 and starts <= at < ends:
        total -= min(prices.values())
    return total
