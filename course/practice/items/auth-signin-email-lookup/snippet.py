"""Account lookup for the sign-in form."""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    id: int
    email: str


def find_account(conn: sqlite3.Connection, typed_email: str) -> Account | None:
    """Return the account registered under the email typed on the sign-in form.

    Surrounding whitespace from copy-paste is ignored. Emails are stored as
    the user entered them at sign-up.
    """
    email = typed_email.strip()
    row = conn.execute(
        "SELECT id, email FROM accounts WHERE email = ?", (email,)
    ).fetchone()
    return Account(row[0], row[1]) if row else None


def check_password(conn: sqlite3.Connection, account: Account, password: str) -> bool:
    """Compare the password with the stored salted PBKDF2 hash in constant time."""
    salt, digest = conn.execute(
        "SELECT salt, pw_hash FROM accounts WHERE id = ?", (account.id,)
    ).fetchone()
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)
    return hmac.compare_digest(candidate, digest)
