"""Trusted pytest plugin for the retry-storm drill: the warehouse as a fault service on loopback.

The drill itself is findings only; these fixtures serve the assistant's tests (shown at the reveal
step) and any test you want to write to check a finding. As in the pricing scenario, each call is a
real HTTP request whose behaviour is scripted in call order, and time is virtual.

Fixtures (take them as test arguments):
- `client`        the WarehouseClient under test: `client.available(sku)`
- `refresh_stock` `refresh_stock(skus)` -> how many were saved; saved levels land in `stock`
- `stock`         the dict refresh_stock saved into: {sku: units}
- `service`       the warehouse: known SKUs `service.levels` ({"lamp": 7, ...}, any other is a 404);
                  `service.script("503", "reset")`, `service.always("503")`, `service.calls`,
                  `service.timeouts` (as in the pricing scenario)
- `clock`         the fake clock: `clock()`, `clock.sleeps`
- `WarehouseError` the exception the client raises when it gives up
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import importlib
from typing import Any

import pytest

from course.kits import faults
from course.sandboxed.facades import same_error_class

IMPORT_NAME = "stock_sync"
LEVELS = {"lamp": 7, "desk": 0, "chair": 12}


class WarehouseError(Exception):
    """What the implementation under test raised as its WarehouseError (the same class for every version)."""


class Warehouse(faults.ScriptedService):
    def __init__(self, urlopen: faults.ScriptedUrlopen) -> None:
        super().__init__(urlopen)
        self.levels = dict(LEVELS)


class ClientUnderTest:
    """The WarehouseClient under test as the spec defines it: `available(sku)`, nothing else."""

    __slots__ = ("available",)

    def __init__(self, available: Callable[[str], Any]) -> None:
        self.available = available

    def __repr__(self) -> str:
        return "<WarehouseClient under test>"


@pytest.fixture(scope="session")
def _fault_service() -> Iterator[faults.FaultService]:
    with faults.serve(responder=faults.lookup(LEVELS, "/stock/", "available")) as service:
        yield service


@pytest.fixture
def clock() -> faults.FakeClock:
    return faults.FakeClock()


@pytest.fixture
def _urlopen(clock: faults.FakeClock) -> faults.ScriptedUrlopen:
    # three layers of retries make up to 4 x 3 x 3 = 36 calls for one SKU: allow them, stop anything beyond
    return faults.ScriptedUrlopen(clock, max_calls=100)


@pytest.fixture
def service(_urlopen: faults.ScriptedUrlopen) -> Warehouse:
    return Warehouse(_urlopen)


@pytest.fixture
def _implementation(_fault_service: faults.FaultService, _urlopen: faults.ScriptedUrlopen,
                    clock: faults.FakeClock) -> tuple[Any, Any]:
    module = importlib.import_module(IMPORT_NAME)
    return module, module.WarehouseClient(_fault_service.url, urlopen=_urlopen, sleep=clock.sleep)


@pytest.fixture
def client(_implementation: tuple[Any, Any], _urlopen: faults.ScriptedUrlopen) -> ClientUnderTest:
    module, implementation = _implementation

    def available(sku: str) -> Any:
        """Units of `sku` the warehouse can ship (the implementation under test's available)."""
        _urlopen.begin()
        return same_error_class(module, "WarehouseError", WarehouseError, lambda: implementation.available(sku))

    return ClientUnderTest(available)


@pytest.fixture
def stock() -> dict[str, int]:
    return {}


@pytest.fixture
def refresh_stock(_implementation: tuple[Any, Any], _urlopen: faults.ScriptedUrlopen,
                  stock: dict[str, int]) -> Callable[[Iterable[str]], Any]:
    module, implementation = _implementation

    def refresh(skus: Iterable[str]) -> Any:
        """refresh_stock(client, skus, save) of the implementation under test; saves into `stock`."""
        skus = list(skus)
        _urlopen.begin()
        return same_error_class(module, "WarehouseError", WarehouseError,
                                lambda: module.refresh_stock(implementation, skus, stock.__setitem__))

    return refresh


@pytest.fixture(name="WarehouseError")
def warehouse_error() -> type[WarehouseError]:
    return WarehouseError
