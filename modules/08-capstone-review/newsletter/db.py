"""The service's database: one SQLite file, a connection per request or per job.

House rules:
- every change that reads and then writes goes inside `transaction(conn)`, which takes the write lock
  first (BEGIN IMMEDIATE), so no two workers act on the same stale read;
- every inbound webhook event goes through `first_delivery()` before anything acts on it: providers
  deliver at least once, so the same event can arrive again.
"""
from __future__ import annotations

import contextlib
import sqlite3
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS subscribers (
    id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists(id), email TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active', bounces INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), UNIQUE (list_id, email));
CREATE TABLE IF NOT EXISTS suppressions (email TEXT PRIMARY KEY, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS campaigns (
    id INTEGER PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists(id), subject TEXT NOT NULL,
    body TEXT NOT NULL, send_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'scheduled',
    sent_count INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS deliveries (
    campaign_id INTEGER NOT NULL, email TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (campaign_id, email));
CREATE TABLE IF NOT EXISTS inbound_events (source TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (source, event_id));
"""


def connect(path: str) -> sqlite3.Connection:
    """A connection to the service's database file, with foreign keys on."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that holds the lock from its first statement: commit at the end, roll back on error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def first_delivery(conn: sqlite3.Connection, source: str, event_id: str) -> bool:
    """Record an inbound event; True the first time this (source, event id) arrives, False for a repeat.

    Call it inside the transaction that acts on the event, so the record and the effect commit together."""
    cursor = conn.execute("INSERT OR IGNORE INTO inbound_events (source, event_id) VALUES (?, ?)", (source, event_id))
    return cursor.rowcount == 1
