"""Prices for the reorder page: everything a business customer has bought before."""

import logging

log = logging.getLogger(__name__)


def current_prices(pricing, skus):
    """Current price in cents of each SKU, as {sku: cents}.

    `pricing` is our pricing service client. SKUs it does not know
    (discontinued products) are left out, so the page can hide them.
    Each SKU is looked up once, however often it was ordered.
    """
    prices = {}
    for sku in skus:
        if sku in prices:
            continue  # already priced
        try:
            prices[sku] = pricing.get_price(sku)
        except pricing.NotFound:
            log.info("no price for %s, leaving it out", sku)
    return prices
