"""Trusted pytest plugin for the pool drill: a real SQLite file, the house connection pool, the code under test.

Fixtures (take them as test arguments):
- `pool`            the shared ConnectionPool (2 connections) over this test's database:
                    `pool.size`, `pool.available` (free right now), `pool.in_use`,
                    `pool.acquire()` / `pool.release(conn)` (to play another request).
                    acquire() raises PoolExhausted at once when no connection is free.
- `db`              the order tables, read with connections of their own (committed data only):
                    `db.add_order(total_cents)` -> order id, `db.paid(order_id)`, `db.payments()`
                    (each with .id, .order_id, .cents); `db.other_writer()` -> another request
                    holding the database's write lock until its `.release()`
- `record_payment`  `record_payment(pool, order_id, cents)`: the implementation under test (a wrapper
                    function; the module itself is not handed out)
- `PoolExhausted`   the exception acquire() raises when the pool is dry

    def test_a_payment_is_recorded(pool, db, record_payment):
        order = db.add_order(total_cents=1000)
        record_payment(pool, order, 400)
        assert db.paid(order) == 400
"""
from __future__ import annotations

from collections.abc import Iterator
import importlib
from pathlib import Path
from typing import Any

import pytest

from course.scenarios.pool.db import ConnectionPool, Orders, PoolExhausted

IMPORT_NAME = "payments"
POOL_SIZE = 2


def record_payment(pool: ConnectionPool, order_id: int, cents: int) -> Any:
    """record_payment(pool, order_id, cents) of the implementation under test (looked up per call)."""
    return importlib.import_module(IMPORT_NAME).record_payment(pool, order_id, cents)


@pytest.fixture
def db(tmp_path: Path) -> Orders:
    """The order tables in a fresh database file."""
    return Orders.create(tmp_path / "orders.db")


@pytest.fixture
def pool(db: Orders) -> Iterator[ConnectionPool]:
    """The shared connection pool (2 connections) over this test's database."""
    shared = ConnectionPool(db.path, size=POOL_SIZE)
    yield shared
    shared.close()


@pytest.fixture(name="record_payment")
def record_payment_fixture() -> Any:
    """record_payment(pool, order_id, cents) of the implementation under test (behind a wrapper)."""
    return record_payment


@pytest.fixture(name="PoolExhausted")
def pool_exhausted() -> type[PoolExhausted]:
    """What pool.acquire() raises when every connection is in use."""
    return PoolExhausted
