"""Trusted pytest plugin for the webhook drill: a real SQLite database and event builders.

The drill itself is findings only; these fixtures serve the assistant's tests (shown at the reveal
step) and any test you want to write to check a finding. Each test gets its own temporary database
file (not a shared in-memory one, which locks under concurrent connections).

Fixtures (take them as test arguments):
- `handle`     `handle(conn, event)` -> (status, body): handle_payment_succeeded from `webhooks.py` under test
               (a wrapper function: the module itself is not handed out)
- `conn`       a sqlite3 connection to this test's database (tables customer_balances, processed_events)
- `connect`    `connect()` -> another connection to the same database (a second worker)
- `make_event` `make_event(event_id="evt_1", customer="cus_1", amount=1500, type="payment.succeeded")`
- `balance`    `balance("cus_1")` -> the customer's balance in cents (0 if they have none)
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
import importlib
from pathlib import Path
import sqlite3
from typing import Any

import pytest

IMPORT_NAME = "webhooks"

SCHEMA = """
CREATE TABLE customer_balances (customer_id TEXT PRIMARY KEY, cents INTEGER NOT NULL);
CREATE TABLE processed_events (event_id TEXT PRIMARY KEY);
"""


def create_database(path: Path) -> None:
    """Create the two tables the handler uses in a new SQLite file."""
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
    conn.close()


def build_event(event_id: str = "evt_1", customer: str = "cus_1", amount: int = 1500,
                type: str = "payment.succeeded") -> dict[str, Any]:
    """An event shaped like the provider's: amounts are integer cents."""
    return {
        "id": event_id,
        "type": type,
        "data": {"object": {"id": f"pay_{event_id}", "customer": customer, "amount": amount,
                            "currency": "eur"}},
    }


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "payments.db"
    create_database(path)
    return path


@pytest.fixture
def connect(db_path: Path) -> Iterator[Callable[[], sqlite3.Connection]]:
    """`connect()`: a new connection to this test's database; all are closed after the test."""
    opened: list[sqlite3.Connection] = []

    def new_connection() -> sqlite3.Connection:
        conn = sqlite3.connect(db_path, timeout=0.1)
        opened.append(conn)
        return conn

    yield new_connection
    for conn in opened:
        conn.close()


@pytest.fixture
def conn(connect: Callable[[], sqlite3.Connection]) -> sqlite3.Connection:
    return connect()


def handle_payment_succeeded(conn: sqlite3.Connection, event: dict) -> tuple[int, str]:
    """`handle(conn, event)` -> (status, body): the implementation under test's handler.

    A wrapper, not the implementation's own function: every version hands tests this same
    function, so its attributes say nothing about the version; the handler is looked up per call.
    """
    return importlib.import_module(IMPORT_NAME).handle_payment_succeeded(conn, event)


@pytest.fixture
def handle() -> Callable[[sqlite3.Connection, dict], tuple[int, str]]:
    """handle_payment_succeeded from the implementation under test (behind a wrapper)."""
    return handle_payment_succeeded


@pytest.fixture
def make_event() -> Callable[..., dict[str, Any]]:
    return build_event


@pytest.fixture
def balance(conn: sqlite3.Connection) -> Callable[[str], int]:
    """`balance(customer)`: committed balance in cents, 0 for a customer with no row."""
    def read(customer: str) -> int:
        row = conn.execute("SELECT cents FROM customer_balances WHERE customer_id = ?",
                           (customer,)).fetchone()
        return row[0] if row else 0
    return read
