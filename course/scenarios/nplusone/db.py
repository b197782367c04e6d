"""The shop database behind the order dashboard: a realistic schema and deterministic data.

Used by the scenario's fixtures (tests), by the hidden tests and by the live experiment, so all of
them see the same tables. Data come from `random.Random(seed)`: the same calls give the same rows on
every run and every machine, which is what lets tests compare counts at n and 2n.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
import random
import sqlite3
from typing import Iterable, NamedTuple, Sequence

SCHEMA = """
CREATE TABLE customers (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE products (
    sku         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(id),   -- NULL for a guest checkout
    placed_at   TEXT NOT NULL                       -- ISO 8601, UTC: 2024-06-01T09:30:00
);
CREATE INDEX orders_placed_at ON orders (placed_at);
CREATE TABLE order_items (
    id               INTEGER PRIMARY KEY,
    order_id         INTEGER NOT NULL REFERENCES orders(id),
    sku              TEXT NOT NULL REFERENCES products(sku),
    qty              INTEGER NOT NULL,
    unit_price_cents INTEGER NOT NULL                -- the price when the order was placed
);
CREATE INDEX order_items_order_id ON order_items (order_id);
"""

FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Margaret", "Dennis",
         "Radia", "Tony", "Sophie", "John", "Hedy", "Niklaus")
LAST = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Hamilton",
        "Ritchie", "Perlman", "Hoare", "Wilson", "Backus", "Lamarr", "Wirth")
PRODUCTS = 40
ORDERS_PER_CUSTOMER = 4   # generated orders draw from a customer pool that grows with them


class Summary(NamedTuple):
    """One line of the dashboard, as the spec defines it."""
    order_id: int
    placed_at: str
    customer: str | None
    total_cents: int


@dataclass
class OrdersDb:
    """A shop database in one SQLite file, with helpers to fill it and to read the right answers."""
    path: Path
    seed: int = 2024

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self._rng = random.Random(self.seed)
        self._customers: list[int] = []

    @classmethod
    def create(cls, path: str | Path, seed: int = 2024) -> "OrdersDb":
        """A new database file with the schema and a catalogue of PRODUCTS products."""
        path = Path(path)
        if path.exists():
            raise FileExistsError(f"{path} already exists: pick a new file for a fresh database")
        db = cls(path, seed)
        with db._write() as conn:
            conn.executescript(SCHEMA)
            conn.executemany("INSERT INTO products (sku, name, price_cents) VALUES (?, ?, ?)",
                             [(f"SKU-{i:03d}", f"Product {i}", 199 + 250 * (i % 17)) for i in range(PRODUCTS)])
        return db

    def connect(self) -> sqlite3.Connection:
        """A new connection to the database (the caller closes it)."""
        return sqlite3.connect(self.path)

    def _write(self):
        return _Writer(self.path)

    # ------------------------------------------------------------ filling it

    def add_customer(self, name: str | None = None) -> int:
        """A new customer; returns its id."""
        with self._write() as conn:
            return self._new_customers(conn, 1, [name] if name else None)[0]

    def add_order(self, customer_id: int | None, placed_at: str,
                  items: Sequence[tuple[str, int, int]] = (("SKU-001", 1, 1999),)) -> int:
        """One order (customer_id None for a guest) with items [(sku, qty, unit_price_cents)]; returns its id."""
        if not items:
            raise ValueError("an order has at least one item")
        _check_timestamp(placed_at)
        with self._write() as conn:
            order_id = conn.execute("INSERT INTO orders (customer_id, placed_at) VALUES (?, ?)",
                                    (customer_id, placed_at)).lastrowid
            conn.executemany("INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES (?, ?, ?, ?)",
                             [(order_id, sku, qty, price) for sku, qty, price in items])
        return int(order_id)

    def add_orders(self, count: int, start: str = "2024-06-01", days: float = 30, guests: float = 0.0) -> list[int]:
        """`count` orders placed between `start` and `days` days later, each with 1 to 4 items.

        Customers come from a pool that grows with the orders (about one customer per four orders);
        a share `guests` (0 to 1) of the orders are guest checkouts (no customer). Deterministic: the
        same calls on a new database give the same rows. Returns the new orders' ids.
        """
        if count < 0 or not 0 <= guests <= 1 or days <= 0:
            raise ValueError("count >= 0, 0 <= guests <= 1 and days > 0, please")
        origin = datetime.fromisoformat(_check_timestamp(start))
        rng = self._rng
        span = int(days * 86400)
        with self._write() as conn:
            wanted = (len(self._customers) + count) // ORDERS_PER_CUSTOMER + 1 - len(self._customers)
            if wanted > 0:
                self._new_customers(conn, wanted)
            orders, items = [], []
            for _ in range(count):
                placed = (origin + timedelta(seconds=rng.randrange(span))).isoformat(timespec="seconds")
                customer = None if rng.random() < guests else rng.choice(self._customers)
                lines = [(f"SKU-{rng.randrange(PRODUCTS):03d}", rng.randint(1, 3), 199 + 50 * rng.randrange(40))
                         for _ in range(rng.randint(1, 4))]
                orders.append((customer, placed))
                items.append(lines)
            first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM orders").fetchone()[0]
            ids = list(range(first, first + count))
            conn.executemany("INSERT INTO orders (id, customer_id, placed_at) VALUES (?, ?, ?)",
                             [(i, c, p) for i, (c, p) in zip(ids, orders)])
            conn.executemany("INSERT INTO order_items (order_id, sku, qty, unit_price_cents) VALUES (?, ?, ?, ?)",
                             [(i, sku, qty, price) for i, lines in zip(ids, items) for sku, qty, price in lines])
        return ids

    def _new_customers(self, conn: sqlite3.Connection, count: int, names: Sequence[str] | None = None) -> list[int]:
        ids = []
        for k in range(count):
            number = len(self._customers) + 1
            name = names[k] if names else f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}"
            cid = conn.execute("INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?)",
                               (name, f"customer{number}@example.org", "2023-01-01T00:00:00")).lastrowid
            self._customers.append(int(cid))
            ids.append(int(cid))
        return ids

    # ------------------------------------------------------------ reading it (the right answers)

    def expected(self, since: str) -> list[Summary]:
        """What the spec asks for, computed the plain way: newest first, ties by order id."""
        with sqlite3.connect(self.path) as conn:
            rows = conn.execute(
                "SELECT o.id, o.placed_at, c.name, SUM(i.qty * i.unit_price_cents) FROM orders o "
                "LEFT JOIN customers c ON c.id = o.customer_id JOIN order_items i ON i.order_id = o.id "
                "WHERE o.placed_at >= ? GROUP BY o.id", (since,)).fetchall()
        conn.close()
        rows.sort(key=lambda r: r[0])
        rows.sort(key=lambda r: r[1], reverse=True)
        return [Summary(*r) for r in rows]

    def count(self, table: str) -> int:
        """Rows in one of the schema's tables."""
        if table not in {"customers", "products", "orders", "order_items"}:
            raise ValueError(f"no table {table!r}")
        with sqlite3.connect(self.path) as conn:
            n = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        conn.close()
        return int(n)


class _Writer:
    """A short-lived connection that commits on success and is always closed.

    Test data need no durability: synchronous=OFF skips the fsync on every commit (several times
    faster on a real disk), and readers on other connections still see every committed row.
    """

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA synchronous = OFF")

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, exc_type, *_: object) -> None:
        try:
            if exc_type is None:
                self.conn.commit()
            else:
                self.conn.rollback()
        finally:
            self.conn.close()


def _check_timestamp(text: str) -> str:
    try:
        datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise ValueError(f"expected an ISO 8601 date or timestamp such as 2024-06-01T09:30:00, got {text!r}") from None
    return text


def same_summaries(got: Iterable[Summary], expected: Sequence[Summary]) -> bool:
    """The same summaries, newest first; orders placed at the same second may come in any order."""
    got = list(got)
    def key(s: Summary):
        return s.placed_at
    return (sorted(got) == sorted(expected)
            and all(key(a) >= key(b) for a, b in zip(got, got[1:])))
