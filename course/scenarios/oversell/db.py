"""The shop's database for the oversell scenario: schema, seeding and read helpers (public, no key material).

Tests, the race driver's worlds and the live experiment all look at the database through `Shop`,
so a test reads the same whether it checks the starting database or one interleaving's result.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import sqlite3

SCHEMA = """
CREATE TABLE products (
    sku         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    stock       INTEGER NOT NULL,
    price_cents INTEGER NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL REFERENCES products(sku),
    qty         INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    total_cents INTEGER NOT NULL
);
"""


@dataclass(frozen=True)
class Order:
    id: int
    sku: str
    qty: int
    customer_id: str
    total_cents: int


class Shop:
    """A shop database file: add products, read stock and orders, open connections."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._opened: list[sqlite3.Connection] = []

    @classmethod
    def create(cls, path: str | Path) -> "Shop":
        """A new, empty shop database at `path` (the file must not exist yet)."""
        path = Path(path)
        if path.exists():
            raise FileExistsError(path)
        conn = sqlite3.connect(path)
        conn.executescript("PRAGMA synchronous = OFF;" + SCHEMA)   # setup data needs no fsync
        conn.close()
        return cls(path)

    def connect(self) -> sqlite3.Connection:
        """A new connection, set up like the application's (closed for you at the end of a test)."""
        conn = sqlite3.connect(self.path)
        self._opened.append(conn)
        return conn

    def close(self) -> None:
        """Close every connection handed out by connect()."""
        for conn in self._opened:
            conn.close()
        self._opened.clear()

    def _write(self, sql: str, params: tuple = ()) -> None:
        conn = sqlite3.connect(self.path)
        conn.execute("PRAGMA synchronous = OFF")   # setup data needs no fsync
        try:
            with conn:
                conn.execute(sql, params)
        finally:
            conn.close()

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of a query, read with a fresh connection (sees only committed data)."""
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def add_product(self, sku: str, stock: int, price_cents: int = 1000, name: str | None = None) -> None:
        """Put a product on sale with `stock` units at `price_cents` each."""
        self._write("INSERT INTO products (sku, name, stock, price_cents) VALUES (?, ?, ?, ?)",
                    (sku, name or sku.title(), stock, price_cents))

    def stock(self, sku: str) -> int | None:
        """Units of `sku` left (committed), or None for an unknown product."""
        rows = self.query("SELECT stock FROM products WHERE sku = ?", (sku,))
        return rows[0][0] if rows else None

    def orders(self, sku: str | None = None) -> list[Order]:
        """Committed orders, oldest first (only those for `sku` if given)."""
        sql = "SELECT id, sku, qty, customer_id, total_cents FROM orders"
        rows = self.query(sql + (" WHERE sku = ? ORDER BY id" if sku else " ORDER BY id"), (sku,) if sku else ())
        return [Order(*row) for row in rows]

    def sold(self, sku: str) -> int:
        """Units of `sku` in committed orders."""
        return sum(order.qty for order in self.orders(sku))

    def reject_orders_for(self, customer_id: str) -> None:
        """Make recording an order for `customer_id` fail inside the database, as a failing INSERT would.

        Installs a trigger: an INSERT into orders for this customer raises sqlite3.IntegrityError
        ("order rejected"). Use it to check what an order does when its last step fails.
        """
        safe = customer_id.replace("'", "''")
        self._write(f"CREATE TRIGGER IF NOT EXISTS reject_{customer_id.encode().hex()} BEFORE INSERT ON orders "
                    f"WHEN NEW.customer_id = '{safe}' BEGIN SELECT RAISE(ABORT, 'order rejected'); END")
