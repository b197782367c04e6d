"""Prices for the reorder page: everything a business customer has bought before."""


def current_prices(pricing, skus):
    """Current price in cents of each SKU, in one call to the pricing service.

    Repeated SKUs are sent once; unknown SKUs are not in the service's answer.
    """
    unique = list(dict.fromkeys(skus))
    if not unique:
        return {}
    return pricing.get_prices(unique)
