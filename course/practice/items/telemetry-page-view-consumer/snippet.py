"""Consume page_view events from the queue into the hourly rollup table."""
from __future__ import annotations

import json
import sqlite3
from typing import Protocol


class Delivery(Protocol):
    """One message from the queue; unacknowledged messages are delivered again."""

    message_id: str
    body: bytes

    def ack(self) -> None: ...


def init_db(conn: sqlite3.Connection) -> None:
    conn.execute("""
        CREATE TABLE IF NOT EXISTS page_views_hourly (
            page TEXT NOT NULL, hour INTEGER NOT NULL, views INTEGER NOT NULL,
            PRIMARY KEY (page, hour))
    """)


def consume(conn: sqlite3.Connection, delivery: Delivery) -> None:
    """Add one event to its page's hourly count, then acknowledge it.

    Acking only after the commit means a crash never loses an event: the queue redelivers it.
    """
    event = json.loads(delivery.body)
    hour = event["ts"] // 3600
    conn.execute(
        "INSERT INTO page_views_hourly (page, hour, views) VALUES (?, ?, 1) "
        "ON CONFLICT (page, hour) DO UPDATE SET views = views + 1", (event["page"], hour))
    conn.commit()
    delivery.ack()


def views(conn: sqlite3.Connection, page: str, hour: int) -> int:
    row = conn.execute("SELECT views FROM page_views_hourly WHERE page = ? AND hour = ?", (page, hour)).fetchone()
    return row[0] if row else 0
