"""The repository layer: the only code that talks to SQLite. Handlers never write SQL.

A repository is bound to one tenant, and every query it runs says `tenant_id = ?`: another
tenant's orders do not exist for it (NotFound, exactly like an id nobody has).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
import sqlite3
from typing import Iterator

from house.errors import NotFound

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id          INTEGER PRIMARY KEY,
    tenant_id   TEXT NOT NULL,
    customer    TEXT NOT NULL,
    total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
    charge_id   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refunds (
    id           INTEGER PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    provider_ref TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS refunds_by_order ON refunds (order_id);
"""


def connect(path: str) -> sqlite3.Connection:
    """A connection the house way: rows by column name, foreign keys on, wait for a busy database."""
    conn = sqlite3.connect(path, timeout=5.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def create_schema(path: str) -> None:
    conn = connect(path)
    try:
        conn.executescript(SCHEMA)
    finally:
        conn.close()


@dataclass(frozen=True)
class Order:
    id: int
    customer: str
    total_cents: int
    charge_id: str
    refunded_cents: int

    @property
    def refundable_cents(self) -> int:
        return self.total_cents - self.refunded_cents


@dataclass(frozen=True)
class Refund:
    id: int
    order_id: int
    amount_cents: int
    provider_ref: str


class OrderRepository:
    """The orders and refunds of ONE tenant."""

    def __init__(self, conn: sqlite3.Connection, tenant_id: str) -> None:
        self._conn = conn
        self.tenant_id = tenant_id

    @classmethod
    @contextmanager
    def open(cls, ctx) -> Iterator[OrderRepository]:
        """The repository of the request's tenant, on a connection closed when the block ends."""
        conn = connect(ctx.db_path)
        try:
            yield cls(conn, ctx.tenant_id)
        finally:
            conn.close()

    def get(self, order_id: int) -> Order:
        row = self._conn.execute(
            "SELECT o.id, o.customer, o.total_cents, o.charge_id,"
            " (SELECT COALESCE(SUM(r.amount_cents), 0) FROM refunds r WHERE r.order_id = o.id) AS refunded"
            " FROM orders o WHERE o.id = ? AND o.tenant_id = ?", (order_id, self.tenant_id)).fetchone()
        if row is None:
            raise NotFound(f"order {order_id} not found")
        return Order(row["id"], row["customer"], row["total_cents"], row["charge_id"], row["refunded"])

    def add_refund(self, order_id: int, amount_cents: int, provider_ref: str) -> Refund:
        """Record a refund the provider has made, and commit."""
        with self._conn:
            cursor = self._conn.execute(
                "INSERT INTO refunds (tenant_id, order_id, amount_cents, provider_ref)"
                " SELECT tenant_id, id, ?, ? FROM orders WHERE id = ? AND tenant_id = ?",
                (amount_cents, provider_ref, order_id, self.tenant_id))
        if cursor.rowcount != 1:
            raise NotFound(f"order {order_id} not found")
        return Refund(cursor.lastrowid, order_id, amount_cents, provider_ref)

    def refunds(self, order_id: int) -> list[Refund]:
        rows = self._conn.execute(
            "SELECT id, order_id, amount_cents, provider_ref FROM refunds"
            " WHERE order_id = ? AND tenant_id = ? ORDER BY id", (order_id, self.tenant_id)).fetchall()
        return [Refund(*row) for row in rows]
