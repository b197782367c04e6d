"""Trusted pytest plugin for the N+1 scenario: the fixtures every test of `recent_order_summaries` receives.

- `db`             a fresh shop database (a temporary file): customers, products, orders, order_items.
                   db.add_orders(count, start="2024-06-01", days=30, guests=0.0) adds `count` orders
                   placed in the `days` days from `start` (a share `guests` of them guest checkouts),
                   deterministically; db.add_customer(name), db.add_order(customer_id, placed_at,
                   items=[(sku, qty, unit_price_cents)]) for hand-made rows; db.expected(since) is
                   the right answer (newest first, ties by order id); db.count(table).
- `conn`           a connection to that database, like the one the dashboard passes in.
- `recent_order_summaries`
                   the implementation under test (the assistant's code, your fix, or one of the
                   grader's versions): recent_order_summaries(conn, since) -> a list of summaries,
                   each with .order_id, .placed_at, .customer, .total_cents (a wrapper: tests get
                   the summaries, never the module).
- `count_queries`  count_queries(conn) -> a context manager that counts the SQL queries run while
                   it is open, like Django's assertNumQueries:
                       with count_queries(conn) as queries:
                           recent_order_summaries(conn, "2024-06-01")
                       assert queries.count <= 3, queries.statements
                   (BEGIN/COMMIT are not queries; queries.connections_opened counts other
                   connections opened inside the block, whose queries cannot be seen).
- `peak_memory`    peak_memory(lambda: ...) -> the peak bytes Python allocated while the call ran
                   (tracemalloc), above what was allocated before it.
"""
from __future__ import annotations

import importlib
from pathlib import Path
import sqlite3
from typing import Any, Callable, Iterator

import pytest

from course.kits.measure.counters import QueryCounter, peak_memory as measure_peak
from course.sandboxed.plain import plain_attrs
from course.scenarios.nplusone.db import OrdersDb, Summary

IMPORT_NAME = "reports"


def recent_order_summaries(conn: sqlite3.Connection, since: str) -> list[Summary]:
    """recent_order_summaries(conn, since) of the implementation under test, as plain summaries.

    Every version hands tests this same function and the same Summary records (order_id, placed_at,
    customer, total_cents), so nothing but behaviour tells versions apart. Each field must be a plain
    value (course.sandboxed.plain): a field that claims to equal anything fails the test that reads it.
    """
    found = importlib.import_module(IMPORT_NAME).recent_order_summaries(conn, since)
    return [Summary(*plain_attrs(s, *Summary._fields, what="a summary")) for s in found]


@pytest.fixture(name="recent_order_summaries")
def recent_order_summaries_fixture() -> Callable[[sqlite3.Connection, str], list[Summary]]:
    """recent_order_summaries(conn, since) of the implementation under test (behind a wrapper)."""
    return recent_order_summaries


@pytest.fixture
def db(tmp_path: Path) -> OrdersDb:
    """A fresh shop database in a temporary file, with products and no orders yet."""
    return OrdersDb.create(tmp_path / "shop.db")


@pytest.fixture
def conn(db: OrdersDb) -> Iterator[sqlite3.Connection]:
    """A connection to the shop database (closed after the test)."""
    connection = db.connect()
    yield connection
    connection.close()


@pytest.fixture
def count_queries() -> Callable[[sqlite3.Connection], QueryCounter]:
    """count_queries(conn): a context manager whose .count is the queries run inside it (.statements lists them)."""
    return QueryCounter


@pytest.fixture
def peak_memory() -> Callable[[Callable[[], Any]], int]:
    """peak_memory(call) -> peak bytes Python allocated while call() ran (tracemalloc)."""
    return measure_peak
