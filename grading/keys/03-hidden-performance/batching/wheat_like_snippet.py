"""Prices for the reorder page: everything a business customer has bought before."""

import logging

log = logging.getLogger(__name__)


def current_prices(pricing, skus):
    """Current price in cents of each SKU, as {sku: cents}, in as few calls as the service allows.

    SKUs are collected as they come and sent in batches of pricing.MAX_BATCH;
    SKUs the service does not know are left out.
    """
    prices = {}
    seen = set()
    pending = []
    for sku in skus:
        if sku in seen:
            continue  # already asked for
        seen.add(sku)
        pending.append(sku)
        if len(pending) == pricing.MAX_BATCH:
            prices.update(pricing.get_prices(pending))
            pending = []
    if pending:
        prices.update(pricing.get_prices(pending))
    missing = len(seen) - len(prices)
    if missing:
        log.info("%d SKUs have no price, leaving them out", missing)
    return prices
