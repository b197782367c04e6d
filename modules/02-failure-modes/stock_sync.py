"""Keeps the shop's stock levels in step with the warehouse service.

The scheduler runs `refresh_stock` every minute for every SKU on sale, and product
pages call `WarehouseClient.available` directly. The warehouse is flaky under load,
so each step retries what failed.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any, Callable, Iterable
import urllib.error
import urllib.request

log = logging.getLogger(__name__)


class WarehouseError(Exception):
    """The warehouse service did not give a usable answer."""


class WarehouseClient:
    def __init__(self, base_url: str, *,
                 urlopen: Callable[..., Any] = urllib.request.urlopen,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self._urlopen = urlopen
        self._sleep = sleep

    def _get_json(self, path: str) -> dict:
        """GET a JSON document from the warehouse, retrying transient failures."""
        for attempt in range(4):
            try:
                with self._urlopen(self.base_url + path, timeout=2.0) as response:
                    return json.load(response)
            except (urllib.error.URLError, OSError) as exc:
                log.warning("GET %s failed (%s), attempt %d", path, exc, attempt + 1)
                self._sleep(0.2)
        raise WarehouseError(f"GET {path} failed 4 times")

    def available(self, sku: str) -> int:
        """Units of `sku` the warehouse can ship now."""
        for attempt in range(3):
            try:
                return self._get_json(f"/stock/{sku}")["available"]
            except WarehouseError:
                log.warning("stock lookup for %s failed, trying again", sku)
                self._sleep(1.0)
        raise WarehouseError(f"no stock level for {sku}")


def refresh_stock(client: WarehouseClient, skus: Iterable[str],
                  save: Callable[[str, int], None]) -> int:
    """Copy the warehouse's stock level of every SKU into our database; return how many were saved."""
    saved = 0
    for sku in skus:
        for attempt in range(3):
            try:
                save(sku, client.available(sku))
                saved += 1
                break
            except WarehouseError:
                log.warning("refresh of %s failed (attempt %d of 3)", sku, attempt + 1)
    return saved
