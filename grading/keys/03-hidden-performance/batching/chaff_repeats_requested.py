"""Prices for the reorder page: everything a business customer has bought before."""


def current_prices(pricing, skus):
    """Current price in cents of each SKU, batched by the service's limit; unknown SKUs left out."""
    skus = list(skus)
    size = pricing.MAX_BATCH
    prices = {}
    for start in range(0, len(skus), size):
        prices.update(pricing.get_prices(skus[start:start + size]))
    return prices
