"""Token introspection against the identity provider (RFC 7662)."""
from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from typing import Any, Callable

IDP_URL = "https://idp.internal/oauth2/introspect"
Opener = Callable[..., Any]


# --- house helpers (existing) ---
def post_form(url: str, fields: dict[str, str], opener: Opener, sleep: Callable[[float], None],
              attempts: int = 3) -> dict[str, Any]:
    """POST a form and decode the JSON reply, with the house retry policy (3 attempts, backoff)."""
    body = urllib.parse.urlencode(fields).encode()
    for attempt in range(attempts):
        try:
            with opener(urllib.request.Request(url, data=body), timeout=2) as resp:
                return json.loads(resp.read())
        except OSError:
            if attempt == attempts - 1:
                raise
            sleep(0.2 * 2 ** attempt)
    raise ValueError("attempts must be at least 1")


# --- the assistant's change ---
def introspect(token: str, opener: Opener = urllib.request.urlopen,
               sleep: Callable[[float], None] = time.sleep) -> bool:
    """True if the identity provider says `token` is active. Transient IdP errors are retried."""
    for attempt in range(3):
        try:
            reply = post_form(IDP_URL, {"token": token}, opener, sleep)
            return bool(reply.get("active"))
        except OSError:
            if attempt == 2:
                raise
            sleep(1.0)
    return False
