"""Nightly stock sync from the warehouse API."""
from __future__ import annotations

import logging
import time
from typing import Callable

log = logging.getLogger(__name__)


class WarehouseUnavailable(Exception):
    """The warehouse API refused or dropped the request."""


def fetch_stock_levels(
    fetch: Callable[[], dict[str, int]],
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, int]:
    """Return {sku: units on hand}, riding out warehouse API blips.

    The warehouse drops requests while it deploys, so we keep trying with an
    exponential backoff (capped at one minute) until it answers.
    """
    delay = 1.0
    while True:
        try:
            return fetch()
        except WarehouseUnavailable:
            log.warning("warehouse unavailable, retrying in %.0fs", delay)
            sleep(delay)
            delay = min(delay * 2, 60.0)
