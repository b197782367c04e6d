"""The orders database the search endpoint runs on: two tenants in one SQLite table.

Trusted code (the fixtures and the live experiment use it); nothing here is an answer. Every database
is a private one (one connection), made fresh for each test or experiment: a file where the code under test is
judged (the fixtures give one in the run folder: production's database is a file, and an in-memory one told a fix it
was judged, red team), in memory for the live experiment.
"""
from __future__ import annotations

from pathlib import Path
import sqlite3
import threading

SCHEMA = """
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    tenant      TEXT NOT NULL,
    product     TEXT NOT NULL,
    total_cents INTEGER NOT NULL,
    placed_at   TEXT NOT NULL
)
"""

# (tenant, product, total_cents, placed_at): ids are 1, 2, ... in this order.
SEED = (
    ("acme", "Red mug", 1200, "2024-11-01T09:00:00Z"),
    ("acme", "Blue mug", 1500, "2024-11-02T09:00:00Z"),
    ("acme", "Coupon: 100% off shipping", 0, "2024-11-03T09:00:00Z"),
    ("acme", "100 pens", 900, "2024-11-04T09:00:00Z"),
    ("acme", "Pen_refill (black)", 300, "2024-11-05T09:00:00Z"),
    ("acme", "O'Brien's tea", 800, "2024-11-06T09:00:00Z"),
    ("acme", "MUG warmer", 2500, "2024-11-07T09:00:00Z"),
    ("globex", "Red mug", 1300, "2024-11-01T10:00:00Z"),
    ("globex", "Prototype X-1 (confidential)", 990000, "2024-11-08T10:00:00Z"),
    ("globex", "Payroll export 2024", 0, "2024-11-09T10:00:00Z"),
)
TENANTS = ("acme", "globex")


class Shop:
    """The orders table, seeded; `add_order` and the lookups tests use to know what to expect."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()   # the live server's threads share the one connection
        self._conn.execute(SCHEMA)
        self._clock = 0
        for tenant, product, total, placed in SEED:
            self._insert(tenant, product, total, placed)

    def _insert(self, tenant: str, product: str, total: int, placed: str) -> int:
        with self._lock, self._conn:
            return self._conn.execute("INSERT INTO orders (tenant, product, total_cents, placed_at) VALUES (?, ?, ?, ?)",
                                      (tenant, product, total, placed)).lastrowid

    def add_order(self, tenant: str, product: str, total_cents: int) -> int:
        """A new order, placed after every order so far; returns its id."""
        if tenant not in TENANTS:
            raise ValueError(f"unknown tenant {tenant!r}; the shop has {', '.join(TENANTS)}")
        if not isinstance(product, str) or type(total_cents) is not int or total_cents < 0:
            raise ValueError("product is a str, total_cents an int >= 0")
        self._clock += 1
        return self._insert(tenant, product, total_cents, f"2024-12-01T00:00:{self._clock:02d}Z")

    def tenant_of(self, order_id: int) -> str:
        """The tenant an order belongs to (KeyError for an unknown id)."""
        with self._lock:
            row = self._conn.execute("SELECT tenant FROM orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            raise KeyError(order_id)
        return row[0]

    def order_ids(self, tenant: str) -> list[int]:
        """Every id of the tenant's orders, ascending."""
        with self._lock:
            return [r[0] for r in self._conn.execute("SELECT id FROM orders WHERE tenant = ? ORDER BY id", (tenant,))]

    def _search_with(self, search_orders, tenant: str, text: str, **options):
        """Run an implementation's search_orders on this shop's connection (one at a time). Private: the fixture
        and the live experiment call it; a learner's test (through its proxy) can reach neither it nor the connection."""
        with self._lock:
            return search_orders(self._conn, tenant, text, **options)
