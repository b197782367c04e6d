"""The payment provider's webhook: credit the customer's wallet when a top-up succeeds."""
from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3


class BadSignature(ValueError):
    """The webhook was not signed by the provider."""


def init_db(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS wallets (customer TEXT PRIMARY KEY, balance_cents INTEGER NOT NULL)")


def handle_webhook(conn: sqlite3.Connection, secret: bytes, body: bytes, signature: str) -> int:
    """Verify and apply one webhook delivery; returns the HTTP status to answer with.

    Event body: {"id": "evt_...", "type": "topup.succeeded", "data": {"customer": ..., "amount_cents": ...}}
    """
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise BadSignature("webhook signature mismatch")
    event = json.loads(body)
    if event["type"] != "topup.succeeded":
        return 200  # acknowledge the events we do not handle, or the provider keeps sending them
    data = event["data"]
    conn.execute("UPDATE wallets SET balance_cents = balance_cents + ? WHERE customer = ?",
                 (data["amount_cents"], data["customer"]))
    conn.commit()
    return 200
