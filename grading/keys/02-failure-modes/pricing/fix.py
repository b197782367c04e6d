"""Client for the pricing service.

Product pages and the cart call `PriceClient.get_price(sku)` for the current price.
`urlopen` and `sleep` are injectable so tests can run without the network and
without waiting.
"""
from __future__ import annotations

import json
import logging
import random
import time
from typing import Any, Callable
import urllib.error
import urllib.parse
import urllib.request

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
TIMEOUT = 2.0      # seconds: a call with no answer by then counts as failed
BASE_DELAY = 0.2   # the first wait is random in [0, 0.2] s, then [0, 0.4] s, ...
MAX_DELAY = 1.0    # ... but never more than 1 s


class PriceUnavailable(Exception):
    """The pricing service failed every attempt: we do not know the price."""


class PriceClient:
    """Looks up current prices, in cents, from the pricing service."""

    def __init__(self, base_url: str, *,
                 urlopen: Callable[..., Any] = urllib.request.urlopen,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self._urlopen = urlopen
        self._sleep = sleep

    def get_price(self, sku: str) -> int | None:
        """Return the price of `sku` in cents, or None if there is no such product (404).

        Any other failure (429, 5xx, a reset, a timeout) is retried, up to MAX_ATTEMPTS in
        all, with jittered exponential backoff; then PriceUnavailable is raised.
        """
        url = f"{self.base_url}/prices/{urllib.parse.quote(sku)}"
        last_error: Exception | None = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._urlopen(url, timeout=TIMEOUT) as response:
                    return json.load(response)["price_cents"]
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return None  # the only answer that means "no such product"
                last_error = exc
            except OSError as exc:  # refused, reset or timed out (TimeoutError is an OSError)
                last_error = exc
            log.warning("price of %s: attempt %d of %d failed: %s", sku, attempt, MAX_ATTEMPTS, last_error)
            if attempt < MAX_ATTEMPTS:
                # full jitter: clients that failed together come back at different times
                self._sleep(random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2 ** (attempt - 1))))
        raise PriceUnavailable(f"no price for {sku!r}: {MAX_ATTEMPTS} attempts failed") from last_error
