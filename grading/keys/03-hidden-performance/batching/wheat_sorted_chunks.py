"""Prices for the reorder page."""

BATCH = 100  # the pricing service's limit per call


def current_prices(pricing, skus):
    """{sku: cents} for the SKUs the pricing service knows, one call per 100 distinct SKUs."""
    unique = sorted(set(skus))
    prices = {}
    for start in range(0, len(unique), BATCH):
        found = pricing.get_prices(unique[start:start + BATCH])
        prices.update({sku: found[sku] for sku in unique[start:start + BATCH] if sku in found})
    return dict(sorted(prices.items(), reverse=True))
