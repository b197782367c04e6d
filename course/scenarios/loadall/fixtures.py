"""Trusted pytest plugin for the tickets drill: a real SQLite file with the snippet's own table.

The drill is findings only; these fixtures serve the assistant's tests (shown at the reveal) and any
test you write to check a finding.

Fixtures (take them as test arguments):
- `conn`                a connection to this test's database, with the tickets table made by the
                        implementation's own migrate(conn)
- `add_ticket`          add_ticket(customer_id, opened_at, status="open", subject="Help") -> ticket id
- `open_tickets`        open_tickets(conn, customer_id, limit=20) of the implementation under test
- `open_ticket_counts`  open_ticket_counts(conn, customer_ids) of the implementation under test
"""
from __future__ import annotations

import importlib
from pathlib import Path
import sqlite3
from typing import Any, Callable, Iterator

import pytest

IMPORT_NAME = "tickets"


def _implementation() -> Any:
    return importlib.import_module(IMPORT_NAME)


def open_tickets(conn: sqlite3.Connection, customer_id: int, limit: int = 20) -> Any:
    """open_tickets of the implementation under test (looked up per call)."""
    return _implementation().open_tickets(conn, customer_id, limit)


def open_ticket_counts(conn: sqlite3.Connection, customer_ids: list[int]) -> Any:
    """open_ticket_counts of the implementation under test (looked up per call)."""
    return _implementation().open_ticket_counts(conn, customer_ids)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a new database file whose tickets table the implementation's migrate() made."""
    connection = sqlite3.connect(tmp_path / "tickets.db")
    _implementation().migrate(connection)
    yield connection
    connection.close()


@pytest.fixture
def add_ticket(conn: sqlite3.Connection) -> Callable[..., int]:
    """add_ticket(customer_id, opened_at, status="open", subject="Help") -> the new ticket's id (committed)."""
    def add(customer_id: int, opened_at: str, status: str = "open", subject: str = "Help") -> int:
        with conn:
            cursor = conn.execute(
                "INSERT INTO tickets (customer_id, subject, body, status, opened_at) VALUES (?, ?, ?, ?, ?)",
                (customer_id, subject, f"{subject}: please see the attached screenshot.", status, opened_at))
        return int(cursor.lastrowid)
    return add


@pytest.fixture(name="open_tickets")
def open_tickets_fixture() -> Callable[..., Any]:
    return open_tickets


@pytest.fixture(name="open_ticket_counts")
def open_ticket_counts_fixture() -> Callable[..., Any]:
    return open_ticket_counts
