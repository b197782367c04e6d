"""Prices for the reorder page: everything a business customer has bought before."""


def current_prices(pricing, skus):
    """Current price in cents of each SKU, batched by the service's limit."""
    unique = list(dict.fromkeys(skus))
    size = pricing.MAX_BATCH
    prices = {}
    for start in range(0, len(unique), size):
        batch = unique[start:start + size]
        found = pricing.get_prices(batch)
        prices.update({sku: found[sku] for sku in batch})
    return prices
