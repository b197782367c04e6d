"""Status page widget: how many errors a service logged recently, and the latest one."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorSummary:
    service: str
    count: int
    latest_message: str | None


def error_summary(conn: sqlite3.Connection, service: str, since_ts: int) -> ErrorSummary:
    """Number of error events for `service` at or after `since_ts`, plus the newest message."""
    rows = conn.execute(
        "SELECT ts, message FROM events"
        " WHERE service = ? AND level = 'error' AND ts >= ?"
        " ORDER BY ts DESC",
        (service, since_ts),
    ).fetchall()
    latest = rows[0][1] if rows else None
    return ErrorSummary(service, count=len(rows), latest_message=latest)
