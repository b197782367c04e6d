"""Role checks for the admin API."""
from __future__ import annotations

import functools
import sqlite3

SCHEMA = "CREATE TABLE IF NOT EXISTS user_roles (user_id INTEGER NOT NULL, role TEXT NOT NULL)"


class PermissionDenied(Exception):
    """The user lacks the role the endpoint needs (answered with 403)."""


class Authorizer:
    """Checks roles for every admin API request."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @functools.lru_cache(maxsize=4096)
    def roles(self, user_id: int) -> frozenset[str]:
        """The user's roles; cached, since every admin request asks."""
        rows = self._conn.execute("SELECT role FROM user_roles WHERE user_id = ?", (user_id,))
        return frozenset(role for (role,) in rows)

    def require(self, user_id: int, role: str) -> None:
        if role not in self.roles(user_id):
            raise PermissionDenied(f"user {user_id} needs the {role!r} role")


def grant(conn: sqlite3.Connection, user_id: int, role: str) -> None:
    conn.execute("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", (user_id, role))
    conn.commit()


def revoke(conn: sqlite3.Connection, user_id: int, role: str) -> None:
    conn.execute("DELETE FROM user_roles WHERE user_id = ? AND role = ?", (user_id, role))
    conn.commit()
