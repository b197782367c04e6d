"""Apply the warehouse's stock-movement events (goods received, picked, returned) to our stock levels."""
from __future__ import annotations

import json
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS stock_moves (
    event_id TEXT PRIMARY KEY,
    sku TEXT NOT NULL,
    delta INTEGER NOT NULL
);
"""


def apply_move(conn: sqlite3.Connection, body: bytes) -> None:
    """Apply one event from the warehouse queue, then the consumer acks it.

    Event: {"event_id": "mv_...", "sku": "MUG-01", "delta": -2}
    """
    event = json.loads(body)
    conn.execute("INSERT OR IGNORE INTO stock_moves (event_id, sku, delta) VALUES (?, ?, ?)",
                 (event["event_id"], event["sku"], int(event["delta"])))
    conn.commit()


def stock_level(conn: sqlite3.Connection, sku: str) -> int:
    """Units on hand: the sum of every movement of the SKU."""
    row = conn.execute("SELECT COALESCE(SUM(delta), 0) FROM stock_moves WHERE sku = ?", (sku,)).fetchone()
    return row[0]
