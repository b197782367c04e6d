"""Shipping prices from the carrier's rate API, for the checkout page."""
from __future__ import annotations

from collections.abc import Callable
import random
import time
from typing import Protocol

ATTEMPTS = 4
BASE_DELAY = 0.25   # seconds
MAX_DELAY = 2.0


class CarrierBusy(Exception):
    """The carrier answered 503: it is shedding load."""


class RateClient(Protocol):
    def price(self, postcode: str, grams: int) -> int:
        """The price in cents (the client gives up after 2 s); CarrierBusy on a 503."""


def shipping_price(client: RateClient, postcode: str, grams: int,
                   sleep: Callable[[float], None] = time.sleep,
                   jitter: Callable[[float, float], float] = random.uniform) -> int:
    """The carrier's price for the parcel, asking again while the carrier is busy."""
    attempt = 0
    while True:
        try:
            return client.price(postcode, grams)
        except CarrierBusy:
            attempt += 1
            if attempt >= ATTEMPTS:
                raise
            sleep(jitter(0, min(MAX_DELAY, BASE_DELAY * 2 ** attempt)))
