"""Product lookups for the storefront, backed by the catalogue service."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Callable

CATALOGUE_URL = "http://catalogue.internal/products/{sku}"

Opener = Callable[..., Any]


def fetch_product(sku: str, opener: Opener = urllib.request.urlopen) -> dict[str, Any] | None:
    """Return the product record for `sku`, or None if the catalogue has no such product.

    The product page turns None into a 404, so shoppers never see a stack trace.
    """
    url = CATALOGUE_URL.format(sku=sku)
    try:
        with opener(url, timeout=3) as resp:
            return json.loads(resp.read())
    except urllib.error.HTTPError:
        # The catalogue answers unknown SKUs with an error status.
        return None
