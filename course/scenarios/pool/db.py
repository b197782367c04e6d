"""The order service's database and its connection pool, for the pool drill (public, no key material).

`ConnectionPool` is the "house" pool the assistant was asked to use: a fixed number of sqlite3
connections handed out and taken back. Like many simple pools it trusts its callers: it does not
check that a connection comes back only once, and it hands out the most recently returned
connection first (the warm one). What it does that production pools do not: `acquire()` never
waits. When no connection is free it raises PoolExhausted at once, so a test sees a dry pool
immediately instead of after a timeout.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
import sqlite3

from course.kits.doubles import named_as

SCHEMA = """
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    total_cents INTEGER NOT NULL,
    paid_cents  INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents <= total_cents)
);
CREATE TABLE payments (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    cents    INTEGER NOT NULL CHECK (cents > 0)
);
"""


class PoolExhausted(Exception):
    """Every connection of the pool is in use."""


@dataclass(frozen=True)
class Payment:
    id: int
    order_id: int
    cents: int


class ConnectionPool:
    """A fixed set of connections to one database file: acquire() one, use it briefly, release() it."""

    def __init__(self, path: str | Path, size: int = 2) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one connection")
        self.path = Path(path)
        self.size = size
        self._all = [self._connect() for _ in range(size)]
        self._free = list(self._all)
        self.open_on_release = 0     # connections that came back with a transaction still open

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=0)     # never wait for a lock
        conn.execute("PRAGMA synchronous = OFF")        # test data needs no fsync
        return conn

    def acquire(self) -> sqlite3.Connection:
        """A free connection (the most recently released first); PoolExhausted if none is free."""
        if not self._free:
            raise PoolExhausted(f"all {self.size} connections are in use")
        return self._free.pop()

    def release(self, conn: sqlite3.Connection) -> None:
        """Give a connection back (the pool does not check that it was out, or still in a transaction)."""
        if conn.in_transaction:
            self.open_on_release += 1
        self._free.append(conn)

    @property
    def available(self) -> int:
        """How many connections acquire() can hand out right now."""
        return len(self._free)

    @property
    def in_use(self) -> int:
        """Connections handed out and not given back."""
        return sum(1 for conn in self._all if conn not in self._free)

    def close(self) -> None:
        for conn in self._all:
            conn.close()


# Printed as the application's own pool and its error (course.kits.doubles): red team, a fix that caught PoolExhausted
# and read `repr(type(exc))` ("course.scenarios.pool.db...") behaved as the reference only when judged (1.0).
named_as(ConnectionPool, "db", "ConnectionPool")
named_as(PoolExhausted, "db", "PoolExhausted")


class Orders:
    """The order service's tables, read and seeded through connections of its own (committed data only)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @classmethod
    def create(cls, path: str | Path) -> "Orders":
        conn = sqlite3.connect(path)
        conn.executescript("PRAGMA synchronous = OFF;" + SCHEMA)
        conn.close()
        return cls(path)

    def _query(self, sql: str, params: tuple = ()) -> list[tuple]:
        conn = sqlite3.connect(self.path, timeout=0)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def add_order(self, total_cents: int) -> int:
        """A new order for `total_cents`, nothing paid yet; returns its id."""
        conn = sqlite3.connect(self.path, timeout=0)
        try:
            with conn:
                return conn.execute("INSERT INTO orders (total_cents) VALUES (?)", (total_cents,)).lastrowid
        finally:
            conn.close()

    def paid(self, order_id: int) -> int:
        """orders.paid_cents of an order (committed)."""
        return self._query("SELECT paid_cents FROM orders WHERE id = ?", (order_id,))[0][0]

    def payments(self) -> list[Payment]:
        """Every committed payment, oldest first."""
        return [Payment(*row) for row in self._query("SELECT id, order_id, cents FROM payments ORDER BY id")]

    def other_writer(self) -> "Writer":
        """Play another request in the middle of a write: a connection of its own that holds the database's
        write lock (BEGIN IMMEDIATE) until `.release()`. Tests in another process than the database reach
        the lock only this way (the file is not theirs to open)."""
        return Writer(self.path)


class Writer:
    """A connection holding the write lock of one database file (Orders.other_writer)."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, timeout=0)
        self._conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        """Roll back and close: the lock is free again (a second release does nothing)."""
        if self._conn is not None:
            self._conn.rollback()
            self._conn.close()
            self._conn = None
