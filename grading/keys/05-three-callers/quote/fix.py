"""Cart quotes: what a cart costs at a given moment, with the 3-for-2 promotion.

One implementation for every caller: the checkout API, the nightly job that
re-quotes abandoned carts for reminder emails, and the worker that prices
orders from the marketplace feed.
"""
from __future__ import annotations

from datetime import datetime, timezone

Line = tuple[str, int]  # (sku, quantity)


def quote(catalog, lines: list[Line], at: datetime) -> int:
    """Total of the cart `lines` in cents at the moment `at`.

    During the 3-for-2 promotion, a cart with three or more items gets its
    cheapest item free.
    """
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)  # a naive time is UTC: that is how the database stores it
    at = at.astimezone(timezone.utc)  # an aware time in any zone: the same instant, in UTC
    starts, ends = catalog.promotion_window()

    # The catalog's current prices, looked up once per quote: no cache that outlives the quote,
    # so a price change reaches the next quote whichever caller asks.
    prices = {sku: catalog.price_cents(sku) for sku, _ in lines}
    total = sum(prices[sku] * qty for sku, qty in lines)
    items = sum(qty for _, qty in lines)
    if items >= 3 and starts <= at < ends:
        total -= min(prices.values())  # the cheapest item is free; the caller's list is left alone
    return total
