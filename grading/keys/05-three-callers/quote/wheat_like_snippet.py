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
def unit_price(catalog, sku: str, version: int) -> int:
    """Price of one unit in cents, cached per catalog version (every price change bumps it)."""
    return catalog.price_cents(sku)


def quote(catalog, lines: list[Line], at: datetime) -> int:
    """Total of the cart `lines` in cents at the moment `at`.

    During the 3-for-2 promotion, a cart with three or more items gets its
    cheapest item free.
    """
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)  # naive times are UTC, as the database stores them
    at = at.astimezone(timezone.utc)
    starts, ends = catalog.promotion_window()
    version = catalog.version()

    total = sum(unit_price(catalog, sku, version) * qty for sku, qty in lines)
    items = sum(qty for _, qty in lines)
    if items >= 3 and starts <= at < ends:
        by_price = sorted(lines, key=lambda line: unit_price(catalog, line[0], version))
        total -= unit_price(catalog, by_price[0][0], version)  # the cheapest item is free
    return total
