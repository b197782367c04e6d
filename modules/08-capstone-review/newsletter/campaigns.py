"""Scheduled campaigns: an editor schedules a campaign for a list, and the dispatcher sends it when it is due.

The dispatcher is a cron job on every app server (every minute), so several dispatchers can look at
the same campaign at the same moment: each campaign must go out once.
"""
from __future__ import annotations

from datetime import datetime, timezone
import sqlite3


def schedule_campaign(conn: sqlite3.Connection, list_id: int, subject: str, body: str, send_at: datetime) -> int:
    """Schedule a campaign for `send_at` (timezone-aware; stored in UTC); the campaign's id."""
    if send_at.tzinfo is None:
        raise ValueError("send_at must be timezone-aware")
    if not subject.strip():
        raise ValueError("a campaign needs a subject")
    cursor = conn.execute(
        "INSERT INTO campaigns (list_id, subject, body, send_at, status) VALUES (?, ?, ?, ?, 'scheduled')",
        (list_id, subject, body, send_at.astimezone(timezone.utc).isoformat()))
    conn.commit()
    return cursor.lastrowid


def due_campaigns(conn: sqlite3.Connection, now: datetime | None = None) -> list[int]:
    """Ids of the scheduled campaigns whose send time has come, in send order."""
    now = (now or datetime.now()).replace(tzinfo=timezone.utc)
    rows = conn.execute("SELECT id, send_at FROM campaigns WHERE status = 'scheduled' ORDER BY send_at, id").fetchall()
    return [campaign_id for campaign_id, send_at in rows if datetime.fromisoformat(send_at) <= now]


def start_sending(conn: sqlite3.Connection, campaign_id: int) -> bool:
    """Claim a scheduled campaign for this dispatcher: True if the caller should send it now."""
    row = conn.execute("SELECT status FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    if row is None or row[0] != "scheduled":
        return False
    conn.execute("UPDATE campaigns SET status = 'sending' WHERE id = ?", (campaign_id,))
    conn.commit()
    return True


def finish_sending(conn: sqlite3.Connection, campaign_id: int, sent_count: int) -> None:
    """Mark a campaign sent, with how many messages went out."""
    conn.execute("UPDATE campaigns SET status = 'sent', sent_count = ? WHERE id = ?", (sent_count, campaign_id))
    conn.commit()


def cancel_campaign(conn: sqlite3.Connection, campaign_id: int) -> bool:
    """Cancel a campaign that has not started sending; False if it had (or does not exist)."""
    cursor = conn.execute("UPDATE campaigns SET status = 'cancelled' WHERE id = ? AND status = 'scheduled'",
                          (campaign_id,))
    conn.commit()
    return cursor.rowcount == 1
