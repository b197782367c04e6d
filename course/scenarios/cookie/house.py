"""Trusted helpers for the cart-cookie scenario: a marker that shows code ran, and cookies an attacker sends.

The exploit is harmless by construction: the pickled object's "constructor" is `mark`, which only
records that it was called (and returns a cart-shaped dict, so a vulnerable load looks like success).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import pickle

MARKS: list[str] = []   # one entry per time a cookie made code run in this process


def mark(note: str) -> dict:
    """Called by unpickling the exploit cookie: records the call, returns a cart with a free gift."""
    MARKS.append(note)
    return {"items": [["gift-card-500", 1, 0]], "coupon": "RAN-CODE"}


class _RunsOnLoad:
    """Unpickling this calls mark(note): whatever a pickle names, loading it calls."""

    def __init__(self, note: str) -> None:
        self.note = note

    def __reduce__(self):
        return (mark, (self.note,))


def _sign(key: bytes, data: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def exploit_cookie(note: str = "the cookie ran code", key: bytes | None = None) -> str:
    """A cookie in the snippet's own format whose pickle calls mark(note); signed with `key` if given."""
    data = pickle.dumps(_RunsOnLoad(note))
    cookie = base64.urlsafe_b64encode(data).decode()
    return cookie + ("." + _sign(key, data) if key is not None else "")


def unsigned_cookie(cart: dict) -> str:
    """An "old" cart cookie in the snippet's format, without a signature (anyone can make one)."""
    return base64.urlsafe_b64encode(pickle.dumps(cart)).decode()


def marks() -> list[str]:
    """What has run so far (a copy)."""
    return list(MARKS)


def reset() -> None:
    MARKS.clear()
