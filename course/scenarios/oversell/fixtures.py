"""Trusted pytest plugin for the oversell scenario: the fixtures every test of `place_order` receives.

- `shop`        a fresh shop database (a temporary file) with the schema: add_product, stock, orders,
                sold, connect, reject_orders_for (see course.scenarios.oversell.db.Shop).
- `conn`        a connection to that database, like the one the application passes in.
- `place_order` the implementation under test (the assistant's code, your fix, or one of the
                grader's versions), imported from the `shop` module on the test's path. Tests get a
                wrapper function with the spec's signature, place_order(conn, sku, qty, customer_id),
                never the module: what else a version imports or defines is not reachable.
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
import sqlite3
from typing import Any, Callable, Iterator

import pytest

from course.kits import race as race_driver
from course.scenarios.oversell.db import Shop

IMPORT_NAME = "shop"


def _implementation() -> Any:
    """The module under test, as imported from the test's path (never handed to tests)."""
    return importlib.import_module(IMPORT_NAME)


def place_order(conn: sqlite3.Connection, sku: str, qty: int, customer_id: str) -> Any:
    """place_order(conn, sku, qty, customer_id) of the implementation under test.

    Inside race() it calls the running worker's own copy of the module (see course.kits.race.per_worker),
    elsewhere the module as imported. Every version hands tests this same function.
    """
    return race_driver.per_worker(_implementation(), "place_order")(conn, sku, qty, customer_id)


@pytest.fixture(name="place_order")
def place_order_fixture() -> Callable[..., Any]:
    """place_order(conn, sku, qty, customer_id) of the implementation under test (behind a wrapper)."""
    return place_order


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[Shop]:
    """A fresh, empty shop database in a temporary file."""
    db = Shop.create(tmp_path / "shop.db")
    yield db
    db.close()


@pytest.fixture
def conn(shop: Shop) -> sqlite3.Connection:
    """A connection to the shop database (closed after the test)."""
    return shop.connect()


@pytest.fixture
def race(shop: Shop, tmp_path: Path) -> Callable[..., race_driver.Worlds]:
    """race(*workers) -> every interleaving, as a list of worlds (see this module's docstring).

    The shop database as it is when you call race() is each interleaving's starting point. Each
    worker gets its own connection and its own copy of the implementation (like separate app
    servers). Keep it small: two or three workers, a call or two each.
    """
    counter = iter(range(1_000_000))

    def run(*workers: Callable[[Any], Any], max_worlds: int = race_driver.MAX_WORLDS) -> race_driver.Worlds:
        workdir = tmp_path / f"race-{next(counter)}"
        return race_driver.explore(workers, shop.path, isolate=[_implementation()], view=Shop,
                                   workdir=workdir, max_worlds=max_worlds)

    return run
