"""The storefront's cart cookie: the cart travels with the browser, so the
servers behind the load balancer keep no session state.

A cart is {"items": [[sku, qty, unit_cents], ...], "coupon": str or None},
the prices as quoted when each item was added (checkout honours them).
The cookie is the cart as JSON (data, never code), base64url-encoded, and
an HMAC-SHA256 of it under the storefront's key: no signature, no cart.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json


def _empty() -> dict:
    return {"items": [], "coupon": None}


def _signature(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def dump_cart(cart: dict, key: bytes) -> str:
    """The cookie value for `cart`, signed with the storefront's secret `key`."""
    data = json.dumps(cart, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(data).decode() + "." + _signature(key, data)


def load_cart(cookie: str, key: bytes) -> dict:
    """The cart in a cookie made by dump_cart with `key`; an empty cart for anything else."""
    try:
        payload, _, signature = cookie.partition(".")
        data = base64.urlsafe_b64decode(payload)
        if not hmac.compare_digest(signature, _signature(key, data)):
            return _empty()   # unsigned, signed with another key, or edited
        cart = json.loads(data)
    except (ValueError, TypeError):   # not base64, not UTF-8, not JSON, not ASCII
        return _empty()
    if not isinstance(cart, dict) or set(cart) != {"items", "coupon"}:
        return _empty()
    return cart
