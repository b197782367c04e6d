"""Trusted pytest plugin for the oversell scenario: the fixtures every test of `place_order` receives.

- `shop`        a fresh shop database (a temporary file) with the schema: add_product, stock, orders,
                sold, connect, reject_orders_for (see course.scenarios.oversell.db.Shop).
- `conn`        a connection to that database, like the one the application passes in.
- `place_order` the implementation under test (the assistant's code, your fix, or one of the
                grader's versions), imported from the `shop` module on the test's path.
- `race`        race(worker, worker, ...) runs the workers at the same time in EVERY interleaving
                of their database statements and returns one World per interleaving. Each worker
                is a function of one argument, its own connection. A World has `schedule` (who ran
                which statement), `results` (each worker's return value or exception), `errors`,
                and the shop helpers on that interleaving's final database: world.stock("lamp"),
                world.orders(), world.sold("lamp").

    def test_last_unit_is_sold_once(shop, race, place_order):
        shop.add_product("lamp", stock=1, price_cents=1999)
        for world in race(lambda conn: place_order(conn, "lamp", 1, "alice"),
                          lambda conn: place_order(conn, "lamp", 1, "bob")):
            assert world.stock("lamp") >= 0, world.schedule
"""
from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator

import pytest

from course import race as race_driver
from course.scenarios.oversell.db import Shop

IMPORT_NAME = "shop"


@pytest.fixture
def shop_module() -> ModuleType:
    """The module under test, as imported from the test's path."""
    return importlib.import_module(IMPORT_NAME)


@pytest.fixture
def place_order(shop_module: ModuleType) -> Callable[..., Any]:
    """place_order(conn, sku, qty, customer_id) of the implementation under test."""
    return race_driver.per_worker(shop_module, "place_order")


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    """A fresh, empty shop database in a temporary file."""
    db = Shop.create(tmp_path / "shop.db")
    yield db
    db.close()


@pytest.fixture
def conn(shop: Shop):
    """A connection to the shop database (closed after the test)."""
    return shop.connect()


@pytest.fixture
def race(shop: Shop, shop_module: ModuleType, tmp_path: Path) -> Callable[..., race_driver.Worlds]:
    """race(*workers) -> every interleaving, as a list of worlds (see this module's docstring).

    The shop database as it is when you call race() is each interleaving's starting point. Each
    worker gets its own connection and its own copy of the implementation (like separate app
    servers). Keep it small: two or three workers, a call or two each.
    """
    counter = iter(range(1_000_000))

    def run(*workers: Callable[[Any], Any], max_worlds: int = race_driver.MAX_WORLDS) -> race_driver.Worlds:
        workdir = tmp_path / f"race-{next(counter)}"
        return race_driver.explore(workers, shop.path, isolate=[shop_module], view=Shop,
                                   workdir=workdir, max_worlds=max_worlds)

    return run
