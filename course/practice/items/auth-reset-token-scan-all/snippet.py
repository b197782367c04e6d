"""Password reset: redeem the token from the emailed link."""
from __future__ import annotations

import hashlib
import hmac
import sqlite3


class InvalidToken(Exception):
    """The reset link is unknown, already used or expired."""


def redeem_reset_token(conn: sqlite3.Connection, token: str, now_ts: int) -> int:
    """Return the user id for a valid, unexpired reset token, marking the token used."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    rows = conn.execute(
        "SELECT id, user_id, token_hash, expires_at FROM reset_tokens WHERE used_at IS NULL"
    ).fetchall()
    for token_id, user_id, token_hash, expires_at in rows:
        # constant-time comparison, so response timing reveals nothing about stored hashes
        if not hmac.compare_digest(token_hash, digest):
            continue
        if expires_at <= now_ts:
            raise InvalidToken("reset link expired")
        cur = conn.execute(
            "UPDATE reset_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL", (now_ts, token_id)
        )
        if cur.rowcount != 1:
            raise InvalidToken("reset link already used")
        return user_id
    raise InvalidToken("unknown or used reset link")
