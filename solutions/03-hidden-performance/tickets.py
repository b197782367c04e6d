"""Support tickets: the table, the help centre's "my open tickets" panel, the support dashboard."""

from dataclasses import dataclass
import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS tickets (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open',  -- open, waiting or closed
    opened_at   TEXT NOT NULL                  -- ISO 8601, UTC
);
"""


@dataclass(frozen=True)
class Ticket:
    id: int
    subject: str
    status: str
    opened_at: str


def migrate(conn: sqlite3.Connection) -> None:
    """Create the tickets table (safe to run more than once)."""
    conn.executescript(SCHEMA)


def open_tickets(conn: sqlite3.Connection, customer_id: int, limit: int = 20) -> list[Ticket]:
    """The customer's tickets that are not closed, newest first, at most `limit` of them."""
    rows = conn.execute(
        "SELECT id, customer_id, subject, body, status, opened_at FROM tickets"
    ).fetchall()
    mine = [row for row in rows if row[1] == customer_id and row[4] != "closed"]
    mine.sort(key=lambda row: row[5], reverse=True)
    return [Ticket(row[0], row[2], row[4], row[5]) for row in mine[:limit]]


def open_ticket_counts(conn: sqlite3.Connection, customer_ids: list[int]) -> dict[int, int]:
    """Number of tickets not closed, per customer, for the support dashboard."""
    return {
        customer_id: len(open_tickets(conn, customer_id, limit=1_000_000))
        for customer_id in customer_ids
    }
