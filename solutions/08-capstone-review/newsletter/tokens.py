"""Unsubscribe links: a signed token per (list, address), so the link works without logging in and cannot be forged."""
from __future__ import annotations

import hashlib
import hmac
import json
import urllib.parse

BASE_URL = "https://news.example.com/unsubscribe"


def make_token(secret: bytes, list_id: int, email: str) -> str:
    """HMAC-SHA256 of the (list, address) pair under the service's secret, as hex."""
    message = json.dumps([list_id, email]).encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def check_token(secret: bytes, list_id: int, email: str, token: str) -> bool:
    """True if `token` (from the link's query string) was made for this list and address."""
    expected = make_token(secret, list_id, email).encode()
    return hmac.compare_digest(expected, str(token).encode())


def unsubscribe_url(secret: bytes, list_id: int, email: str) -> str:
    """The one-click unsubscribe link for this address on this list."""
    query = urllib.parse.urlencode({"list": list_id, "email": email, "token": make_token(secret, list_id, email)})
    return f"{BASE_URL}?{query}"
