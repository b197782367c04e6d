"""Pricing service client with bounded retries that respect Retry-After: every failure gets another try."""
from __future__ import annotations

import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request

ATTEMPTS = 3
TIMEOUT_S = 1.5
WAIT_CAP_S = 1.0
FIRST_WAIT_S = 0.25


class PriceUnavailable(RuntimeError):
    """Raised when the pricing service fails every attempt."""


class PriceClient:
    def __init__(self, base_url, *, urlopen=urllib.request.urlopen, sleep=time.sleep):
        self._base = base_url.rstrip("/")
        self._urlopen = urlopen
        self._sleep = sleep

    def get_price(self, sku):
        """Price of `sku` in cents; None when the service says the product does not exist."""
        url = self._base + "/prices/" + urllib.parse.quote(sku, safe="")
        problem = "no attempt made"
        for attempt in range(ATTEMPTS):
            if attempt:
                self._sleep(self._wait(attempt, hint))
            found, price, hint, problem = self._try_once(url)
            if found is not None:
                return price if found else None
        raise PriceUnavailable(f"pricing service failed {ATTEMPTS} times: {problem}")

    def _try_once(self, url):
        """(True, price, ..) on success, (None, _, retry_after, problem) for any failure: try again."""
        try:
            with self._urlopen(url, timeout=TIMEOUT_S) as response:
                return True, json.loads(response.read())["price_cents"], None, ""
        except urllib.error.HTTPError as err:
            try:
                retry_after = err.headers.get("Retry-After") if err.headers else None
                hint = float(retry_after) if retry_after and retry_after.isdigit() else None
                return None, None, hint, f"HTTP {err.code}"
            finally:
                err.close()
        except (OSError, http.client.HTTPException) as err:
            return None, None, None, repr(err)

    @staticmethod
    def _wait(attempt, hint):
        """Equal jitter: between half and all of the backoff (or the server's hint), never over the cap."""
        ceiling = min(WAIT_CAP_S, hint if hint is not None else FIRST_WAIT_S * 2 ** attempt)
        return ceiling * random.uniform(0.5, 1.0)
