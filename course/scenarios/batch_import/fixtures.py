"""Trusted pytest plugin for the mixed-review drill: a real SQLite file and the indexer's bounded queue.

The drill is findings only; these fixtures serve the assistant's tests (shown at the reveal step) and
any test you want to write to check a finding.

Fixtures (take them as test arguments):
- `import_prices` `import_prices(conn, rows, changes)` of the code under test (a wrapper function)
- `conn`          a connection to this test's database (table prices: sku PRIMARY KEY, price_cents NOT NULL)
- `connect`       `connect()` -> another connection to the same database (the back office)
- `changes`       the indexer's queue, with room for 100 SKUs; `make_queue(maxsize)` makes another
- `prices`        `prices()` -> {sku: price_cents}, committed rows only
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
import importlib
from pathlib import Path
import queue
import sqlite3
from typing import Any

import pytest

IMPORT_NAME = "price_import"
SCHEMA = "CREATE TABLE prices (sku TEXT PRIMARY KEY, price_cents INTEGER NOT NULL);"


def create_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.close()


def import_prices(conn: Any, rows: Iterable[dict], changes: queue.Queue) -> Any:
    """import_prices of the implementation under test (looked up per call)."""
    return importlib.import_module(IMPORT_NAME).import_prices(conn, rows, changes)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    create_database(path)
    return path


@pytest.fixture
def connect(db_path: Path) -> Iterator[Callable[[], sqlite3.Connection]]:
    opened: list[sqlite3.Connection] = []

    def new_connection() -> sqlite3.Connection:
        opened.append(sqlite3.connect(db_path, timeout=0))
        return opened[-1]

    yield new_connection
    for conn in opened:
        conn.close()


@pytest.fixture
def conn(connect: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    return connect()


@pytest.fixture(name="import_prices")
def import_prices_fixture() -> Callable[..., Any]:
    return import_prices


@pytest.fixture
def make_queue() -> Callable[[int], queue.Queue]:
    return lambda maxsize: queue.Queue(maxsize=maxsize)


@pytest.fixture
def changes(make_queue: Callable[[int], queue.Queue]) -> queue.Queue:
    return make_queue(100)


@pytest.fixture
def prices(connect: Callable[[], sqlite3.Connection]) -> Callable[[], dict[str, int]]:
    def read() -> dict[str, int]:
        reader = connect()
        try:
            return dict(reader.execute("SELECT sku, price_cents FROM prices"))
        finally:
            reader.close()
    return read
