"""Trusted pytest plugin for the batching drill: a fake pricing service that counts its calls.

Nothing here touches the network or the clock: the fake answers at once and adds what each call
would have cost to `pricing.waited_ms` (ROUND_TRIP_MS per call), so counts and waits are exact.

Fixtures (take them as test arguments):
- `pricing`         the fake pricing service client (see FakePricing): get_price(sku), get_prices(skus),
                    MAX_BATCH (100), NotFound, BatchTooLarge; and what it saw: .calls (round trips),
                    .requested (the SKUs of every call, in order: a list of lists), .max_batch (the
                    largest batch asked for), .waited_ms (simulated time spent waiting on the network).
                    It knows SKU-0000 to SKU-4999, priced 100 + 7 * number cents; anything else is unknown.
- `current_prices`  current_prices(pricing, skus) of the implementation under test (a wrapper function).
- `make_skus`       make_skus(n, start=0) -> ["SKU-0000", "SKU-0001", ...]: n known SKUs.
"""
from __future__ import annotations

import importlib
from typing import Any, Callable, Iterable

import pytest

IMPORT_NAME = "reorder"
KNOWN = 5000
ROUND_TRIP_MS = 40.0


class PriceNotFound(Exception):
    """The pricing service does not know this SKU."""


class BatchTooLarge(ValueError):
    """More SKUs in one get_prices call than the service accepts."""


def price_of(sku: str) -> int | None:
    """The fake catalogue: SKU-0000 .. SKU-4999 cost 100 + 7 * number cents; None for anything else."""
    if isinstance(sku, str) and sku.startswith("SKU-") and sku[4:].isdigit() and len(sku) == 8:
        number = int(sku[4:])
        if number < KNOWN:
            return 100 + 7 * number
    return None


class FakePricing:
    """The pricing service client, faked: every call counts as one round trip of ROUND_TRIP_MS."""

    MAX_BATCH = 100
    NotFound = PriceNotFound
    BatchTooLarge = BatchTooLarge

    def __init__(self) -> None:
        self.requested: list[list[str]] = []

    @property
    def calls(self) -> int:
        """Round trips so far (get_price and get_prices alike)."""
        return len(self.requested)

    @property
    def max_batch(self) -> int:
        """The most SKUs asked for in one call (0 before any call)."""
        return max((len(r) for r in self.requested), default=0)

    @property
    def waited_ms(self) -> float:
        """Simulated time waiting on the network: ROUND_TRIP_MS per call."""
        return self.calls * ROUND_TRIP_MS

    def get_price(self, sku: str) -> int:
        """One SKU's price in cents; raises NotFound for an unknown SKU."""
        self.requested.append([sku])
        price = price_of(sku)
        if price is None:
            raise PriceNotFound(sku)
        return price

    def get_prices(self, skus: Iterable[str]) -> dict[str, int]:
        """Prices of up to MAX_BATCH SKUs in one call: {sku: cents} for the known ones."""
        batch = list(skus)
        self.requested.append(batch)
        if len(batch) > self.MAX_BATCH:
            raise BatchTooLarge(f"{len(batch)} SKUs in one call; the limit is {self.MAX_BATCH}")
        return {sku: price for sku in batch if (price := price_of(sku)) is not None}

    def __repr__(self) -> str:
        return f"<FakePricing: {self.calls} calls>"


def current_prices(pricing: Any, skus: Iterable[str]) -> Any:
    """current_prices(pricing, skus) of the implementation under test (looked up per call)."""
    return importlib.import_module(IMPORT_NAME).current_prices(pricing, skus)


def make_skus(n: int, start: int = 0) -> list[str]:
    """n known SKUs: SKU-<start> .. SKU-<start + n - 1>."""
    if n < 0 or start < 0 or start + n > KNOWN:
        raise ValueError(f"the fake knows SKU-0000 to SKU-{KNOWN - 1:04d}")
    return [f"SKU-{i:04d}" for i in range(start, start + n)]


@pytest.fixture
def pricing() -> FakePricing:
    """A fresh fake pricing service client that counts its calls."""
    return FakePricing()


@pytest.fixture(name="current_prices")
def current_prices_fixture() -> Callable[[Any, Iterable[str]], Any]:
    """current_prices(pricing, skus) of the implementation under test (behind a wrapper)."""
    return current_prices


@pytest.fixture(name="make_skus")
def make_skus_fixture() -> Callable[..., list[str]]:
    return make_skus
