"""Prices for the reorder page: everything a business customer has bought before."""


def current_prices(pricing, skus):
    """Current price in cents of each distinct SKU; unknown SKUs are left out."""
    prices = {}
    for sku in dict.fromkeys(skus):  # each SKU once, in order
        try:
            prices[sku] = pricing.get_price(sku)
        except pricing.NotFound:
            pass
    return prices
