"""Client for the pricing service.

Product pages and the cart call `PriceClient.get_price(sku)` for the current price.
The pricing service is sometimes briefly unreachable during deploys, so failed
calls are retried a few times. `urlopen` and `sleep` are injectable so tests can
run without the network and without waiting.
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
RETRY_DELAY = 0.5  # seconds to wait before trying again


class PriceUnavailable(Exception):
    """The pricing service could not be reached."""


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
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._urlopen(url) as response:
                    return json.load(response)["price_cents"]
            except urllib.error.HTTPError as exc:
                log.info("no price for %s (HTTP %s)", sku, exc.code)
                return None
            except (urllib.error.URLError, ConnectionError) as exc:
                log.warning("pricing service unreachable (%s), attempt %d of %d",
                            exc, attempt, MAX_ATTEMPTS)
                if attempt < MAX_ATTEMPTS:
                    self._sleep(RETRY_DELAY)
        raise PriceUnavailable(f"no answer from the pricing service after {MAX_ATTEMPTS} attempts")
