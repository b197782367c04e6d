"""The mail provider's bounce webhook: POST /webhooks/bounces, one event per request.

A hard bounce (the address does not exist) suppresses the address at once; a soft bounce (a full
mailbox) counts, and SOFT_BOUNCE_LIMIT of them suppress it. The provider sends each event again
until it gets a 2xx answer; 4xx means the event itself is malformed and is not sent again.
"""
from __future__ import annotations

import logging
import sqlite3

logger = logging.getLogger(__name__)

SOFT_BOUNCE_LIMIT = 3


def handle_bounce(conn: sqlite3.Connection, event: dict) -> int:
    """Record one bounce event ({"id", "recipient", "type": "hard" | "soft"}); the HTTP status to answer with."""
    try:
        email = event["recipient"].strip().lower()
        kind = event["type"]
        event_id = str(event["id"])
    except (KeyError, AttributeError, TypeError):
        return 400
    if kind not in ("hard", "soft"):
        return 400
    try:
        conn.execute("UPDATE subscribers SET bounces = bounces + 1 WHERE email = ?", (email,))
        (bounces,) = conn.execute("SELECT COALESCE(MAX(bounces), 0) FROM subscribers WHERE email = ?",
                                  (email,)).fetchone()
        if kind == "hard" or bounces >= SOFT_BOUNCE_LIMIT:
            conn.execute("INSERT OR IGNORE INTO suppressions (email, reason) VALUES (?, ?)", (email, kind))
            conn.execute("UPDATE subscribers SET status = 'bounced' WHERE email = ?", (email,))
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        logger.warning("bounce %s for %s not recorded", event_id, email)
    return 200
