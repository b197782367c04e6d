"""Cart quotes: what a cart costs at a given moment, with the 3-for-2 promotion.

One implementation for every caller: the checkout API, the nightly job that
re-quotes abandoned carts for reminder emails, and the worker that prices
orders from the marketplace feed.
"""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

Line = tuple[str, int]  # (sku, quantity)


@lru_cache(maxsize=4096)
def unit_price(catalog, sku: str) -> int:
    """Price of one unit in cents. Cached: each catalog lookup is a database query."""
    return catalog.price_cents(sku)


def quote(catalog, lines: list[Line], at: datetime) -> int:
    """Total of the cart `lines` in cents at the moment `at`.

    During the 3-for-2 promotion, a cart with three or more items gets its
    cheapest item free.
    """
    at = at.replace(tzinfo=timezone.utc)  # promotion times are stored in UTC
    starts, ends = catalog.promotion_window()

    total = sum(unit_price(catalog, sku) * qty for sku, qty in lines)
    items = sum(qty for _, qty in lines)
    if items >= 3 and starts <= at < ends:
        lines.sort(key=lambda line: unit_price(catalog, line[0]))
        total -= unit_price(catalog, lines[0][0])  # the cheapest item is free
    return total
