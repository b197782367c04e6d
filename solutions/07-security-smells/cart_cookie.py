"""The storefront's cart cookie: the cart travels with the browser, so the
servers behind the load balancer keep no session state.

A cart is {"items": [[sku, qty, unit_cents], ...], "coupon": str or None},
the prices as quoted when each item was added (checkout honours them).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import pickle


def _empty() -> dict:
    return {"items": [], "coupon": None}


def _signature(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def dump_cart(cart: dict, key: bytes) -> str:
    """The cookie value for `cart`, signed with the storefront's secret `key`."""
    data = pickle.dumps(cart)
    return base64.urlsafe_b64encode(data).decode() + "." + _signature(key, data)


def load_cart(cookie: str, key: bytes) -> dict:
    """The cart in a cookie made by dump_cart; an empty cart if it is damaged."""
    try:
        payload, _, signature = cookie.partition(".")
        data = base64.urlsafe_b64decode(payload)
        if signature and not hmac.compare_digest(signature, _signature(key, data)):
            return _empty()   # signed with another key, or edited
        return pickle.loads(data)   # carts from before we signed them have no signature yet
    except Exception:
        return _empty()
