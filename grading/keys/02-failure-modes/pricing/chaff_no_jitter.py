"""Client for the pricing service.

Product pages and the cart call `PriceClient.get_price(sku)` for the current price.
Failed calls are retried a few times with exponential backoff.
`urlopen` and `sleep` are injectable so tests can run without the network and
without waiting.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
TIMEOUT = 2.0      # seconds per attempt
BASE_DELAY = 0.2   # first wait; doubles after each failure
MAX_DELAY = 1.0


class PriceUnavailable(Exception):
    """The pricing service could not answer."""


class PriceClient:
    """Looks up current prices, in cents, from the pricing service."""

    def __init__(self, base_url: str, *,
                 urlopen: Callable[..., Any] = urllib.request.urlopen,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self._urlopen = urlopen
        self._sleep = sleep

    def get_price(self, sku: str) -> int | None:
        """Return the price of `sku` in cents, or None if there is no such product."""
        url = f"{self.base_url}/prices/{urllib.parse.quote(sku)}"
        last_error: Exception | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._urlopen(url, timeout=TIMEOUT) as response:
                    return json.load(response)["price_cents"]
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return None
                log.warning("pricing service answered %s for %s, attempt %d of %d",
                            exc.code, sku, attempt, MAX_ATTEMPTS)
                last_error = exc
            except OSError as exc:   # unreachable, reset or timed out
                log.warning("pricing service failed (%s), attempt %d of %d",
                            exc, attempt, MAX_ATTEMPTS)
                last_error = exc
            if attempt < MAX_ATTEMPTS:
                self._sleep(min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1)))
        raise PriceUnavailable(f"no price for {sku!r} after {MAX_ATTEMPTS} attempts") from last_error
